"""Marginal contributions in a weighted game restricted by a forest (paths, trees), by DP.

In Myerson's restricted game ``v^G`` (Myerson 1977, *Math. Oper. Res.* 2:225-229) a member
``i`` joining a coalition ``S`` merges the components of ``S`` next to it with itself, so

    v^G(S + i) - v^G(S) = v(K_i) - sum over neighbours j of i in S of v(K_j),

where ``K_j`` is the component of ``S`` containing ``j`` and ``K_i`` the merged component; the
other components do not change.  When the graph is a forest, the neighbours' components lie in
disjoint branches (the subtrees hanging off ``i``), so the coalitions can be counted branch by
branch by their size and the weight of the component touching ``i`` (capped at the quota): a
tree knapsack (our own formulation; for generating functions of the Myerson value of weighted
games with restricted communication see Fernández, Algaba, Bilbao et al. (2002), "Generating
functions for computing the Myerson value", *Annals of Operations Research* 109:143-158).
This module counts, per member and coalition size ``s``, the sum of marginal contributions
over coalitions of size ``s`` without the member;
the Myerson value weights them with ``s!(n-s-1)!/n!`` and the graph-restricted Banzhaf value
(Owen 1986) with ``1/2^(n-1)``.

Cost: ``O(sum_j deg(j)^2 * n^2 * q^2)`` integer operations (``q`` the quota), exact (int64
while counts fit, Python integers beyond 60 members).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    Table = npt.NDArray[np.int64] | npt.NDArray[np.object_]

__all__ = ["estimate_tree", "tree_marginals_by_size"]


def _conv(a: Table, b: Table, q: int) -> Table:
    """Product of two tables (size x capped weight): sizes add, weights add capped at ``q``."""
    n1 = a.shape[0]
    out = np.zeros_like(a)
    rows_a = [s for s in range(n1) if a[s].any()]
    rows_b = [s for s in range(n1) if b[s].any()]
    for s1 in rows_a:
        for s2 in rows_b:
            if s1 + s2 >= n1:
                break
            full = np.convolve(a[s1], b[s2])
            out[s1 + s2, :q] += full[:q]
            out[s1 + s2, q] += full[q:].sum()
    return out


def tree_marginals_by_size(
    weights: Sequence[int], quota: int, neighbours: Sequence[Sequence[int]]
) -> list[list[int]]:
    """``m[i][s]``: sum over coalitions ``S`` of ``s`` members without ``i`` of
    ``v^G(S + i) - v^G(S)``, for the weighted game ``[quota; weights]`` on a forest.

    Examples
    --------
    >>> # path A - B - C, [2; 1, 1, 1]: B joins A or C (or both): it is pivotal more often
    >>> tree_marginals_by_size([1, 1, 1], 2, [[1], [0, 2], [1]])
    [[0, 1, 0], [0, 2, 1], [0, 1, 0]]
    """
    n = len(weights)
    q = int(quota)
    capped = [min(int(w), q) for w in weights]
    dtype: type = np.int64 if n <= 60 else object
    shape = (n + 1, q + 1)

    def zeros() -> Table:
        t: Table = np.zeros(shape, dtype=dtype)
        if dtype is object:
            t[:, :] = 0
        return t

    def free(count: int) -> Table:
        """Subsets of ``count`` members not touching ``i``: by size, weight 0."""
        t = zeros()
        for s in range(min(count, n) + 1):
            t[s, 0] = math.comb(count, s)
        return t

    size: dict[tuple[int, int], int] = {}
    with_root: dict[tuple[int, int], Table] = {}

    def branch_size(j: int, parent: int) -> int:
        if (j, parent) not in size:
            size[j, parent] = 1 + sum(branch_size(u, j) for u in neighbours[j] if u != parent)
        return size[j, parent]

    def rooted(j: int, parent: int) -> Table:
        """Subsets of the branch of ``j`` (away from ``parent``) containing ``j``."""
        if (j, parent) not in with_root:
            table = zeros()
            table[1, capped[j]] = 1
            for u in neighbours[j]:
                if u != parent:
                    table = _conv(table, branch(u, j), q)
            with_root[j, parent] = table
        return with_root[j, parent]

    def branch(j: int, parent: int) -> Table:
        """All subsets of the branch of ``j``: with ``j`` (rooted) or without (free)."""
        return rooted(j, parent) + free(branch_size(j, parent) - 1)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * n + 100))
    try:
        out = []
        for i in range(n):
            combined = free(n - 1 - sum(branch_size(j, i) for j in neighbours[i]))
            for j in neighbours[i]:
                combined = _conv(combined, branch(j, i), q)
            need = max(q - capped[i], 0)
            term = [int(v) for v in combined[:, need:].sum(axis=1)]
            for j in neighbours[i]:
                winning = rooted(j, i)[:, q]  # the neighbour's component wins alone
                others = [math.comb(n - 1 - branch_size(j, i), t) for t in range(n + 1)]
                for s1 in range(n + 1):
                    if winning[s1]:
                        for t in range(n + 1 - s1):
                            term[s1 + t] -= int(winning[s1]) * others[t]
            out.append(term[:n])
        return out
    finally:
        sys.setrecursionlimit(limit)


def estimate_tree(quota: int, neighbours: Sequence[Sequence[int]]) -> tuple[float, int]:
    """(seconds, bytes) for :func:`tree_marginals_by_size` (on the high side).

    Replays the convolutions with the branch sizes only: each pairs up the size rows of two
    tables, one ``np.convolve`` of ``quota + 1`` weights per pair.
    """
    n = len(neighbours)
    size: dict[tuple[int, int], int] = {}
    pairs = 0

    def branch_size(j: int, parent: int) -> int:
        nonlocal pairs
        if (j, parent) not in size:
            grown = 1
            for u in neighbours[j]:
                if u != parent:
                    sub = branch_size(u, j)
                    pairs += (grown + 1) * (sub + 1)
                    grown += sub
            size[j, parent] = grown
        return size[j, parent]

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * n + 100))
    try:
        for i in range(n):
            grown = n - sum(branch_size(j, i) for j in neighbours[i])
            for j in neighbours[i]:
                pairs += (grown + 1) * (branch_size(j, i) + 1)
                grown += size[j, i]
    finally:
        sys.setrecursionlimit(limit)
    per_pair = 5e-6 + (quota + 1) ** 2 * (2.5e-9 if n <= 60 else 8e-8)
    seconds = 0.005 + pairs * per_pair
    nbytes = 4 * (n + 1) * (quota + 1) * 8 * (n + 2) + 10**6
    return seconds, nbytes
