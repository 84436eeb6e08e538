"""Exact Owen and Banzhaf-Owen values of weighted games with blocs, by generating functions.

For a member ``i`` of bloc ``B_k`` (``m`` blocs, ``b = |B_k|``), the Owen value (Owen 1977,
"Values of games with a priori unions", in *Mathematical Economics and Game Theory*, LNEMS 141,
pp. 76-88) is

    sum over sets R of other blocs and T subset of B_k - {i} of
    r!(m-r-1)!/m! * t!(b-t-1)!/b! * [v(Q_R + T + i) - v(Q_R + T)],

the share of the orderings consistent with the blocs (each bloc contiguous) in which ``i`` is
pivotal.  The Banzhaf-Owen value (Owen 1982, "Modification of the Banzhaf-Coleman index for
games with a priori unions", in *Power, Voting and Voting Power*, pp. 232-238) uses the weights
``1/2^(m-1)`` and ``1/2^(b-1)`` instead.

For weighted games both are counted without enumeration, following the generating functions
of Alonso-Meijide & Bowles (2005), "Generating functions for coalitional power indices: an
application to the IMF", *Annals of Operations Research* 137:21-44: the bloc weights give a
polynomial ``A(z, y)`` (``y`` counts blocs); removing bloc ``k`` (division by ``1 + y z^W_k``)
and weighting ``y^r`` by ``r!(m-r-1)!`` (or 1) gives ``a_k(z)``; inside the bloc, the same with
the members of ``B_k - {i}`` gives ``b_i(z)``; the count is the number of pairs with
``q - w_i <= x1 + x2 < q``.  Cost ``O((m^2 + sum_k b_k^2) q)`` exact integer operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    Obj = npt.NDArray[np.object_]

__all__ = ["estimate_owen", "owen_counts"]


def _sized_gf(weights: Sequence[int], limit: int) -> Obj:
    """``g[x, r]``: subsets of ``weights`` with total ``x < limit`` and ``r`` members."""
    g = np.zeros((limit, len(weights) + 1), dtype=object)
    g[:, :] = 0
    g[0, 0] = 1
    for count, w in enumerate(weights, start=1):
        if w >= limit:
            continue
        if w == 0:
            g[:, 1 : count + 1] = g[:, 1 : count + 1] + g[:, 0:count]
        else:
            g[w:, 1 : count + 1] = g[w:, 1 : count + 1] + g[:-w, 0:count]
    return g


def _remove_sized(g: Obj, w: int) -> Obj:
    """Divide by ``1 + y z^w``: the subsets without one given member of weight ``w``."""
    r = g.copy()
    limit = g.shape[0]
    if w >= limit:
        return r
    if w == 0:
        for k in range(1, g.shape[1]):
            r[:, k] = g[:, k] - r[:, k - 1]
        return r
    for b in range(w, limit, w):
        end = min(b + w, limit)
        r[b:end, 1:] = g[b:end, 1:] - r[b - w : end - w, :-1]
    return r


def _window_counts(a: Obj, bvec: Obj, quota: int, w: int) -> int:
    """``sum a[x1] b[x2]`` over ``q - w <= x1 + x2 <= q - 1`` (both below the quota)."""
    prefix = np.zeros(quota + 1, dtype=object)
    prefix[:] = 0
    prefix[1:] = np.cumsum(bvec)
    x1 = np.arange(quota)
    hi = np.clip(quota - x1, 0, quota)  # x2 <= q - 1 - x1  -> prefix index q - x1
    lo = np.clip(quota - w - x1, 0, quota)
    return int(np.sum(a * (prefix[hi] - prefix[lo])))


def owen_counts(
    weights: Sequence[int], quota: int, groups: Sequence[Sequence[int]], *, banzhaf: bool
) -> list[int]:
    """Owen pivot counts (``banzhaf=False``) or Banzhaf-Owen swing counts per member.

    Owen: the number of orderings consistent with the blocs in which the member is pivotal
    (divide by ``m! * prod b_k!``).  Banzhaf-Owen: the number of pairs (set of other blocs,
    subset of the own bloc) for which the member is a swing (divide by ``2^(m-1) 2^(b_k-1)``).

    Examples
    --------
    >>> owen_counts([1, 1, 1], 2, [[0], [1], [2]], banzhaf=False)  # Shapley: 2 of 6 each
    [2, 2, 2]
    """
    q = int(quota)
    m = len(groups)
    bloc_w = [sum(weights[i] for i in g) for g in groups]
    fact = [math.factorial(j) for j in range(max(m, *(len(g) for g in groups)) + 1)]
    outer = _sized_gf(bloc_w, q)
    counts = [0] * len(weights)
    for k, group in enumerate(groups):
        others = _remove_sized(outer, bloc_w[k])[:, :m]  # r <= m - 1
        if banzhaf:
            a = others.sum(axis=1)
            multiplier = 1
        else:
            coef = np.array([fact[r] * fact[m - r - 1] for r in range(m)], dtype=object)
            a = others.dot(coef)
            multiplier = math.prod(fact[len(g)] for j, g in enumerate(groups) if j != k)
        b = len(group)
        inner = _sized_gf([weights[i] for i in group], q)
        done: dict[int, int] = {}
        for i in group:
            w = weights[i]
            if w not in done:
                own = _remove_sized(inner, w)[:, :b]  # t <= b - 1
                if banzhaf:
                    bvec = own.sum(axis=1)
                else:
                    coef_t = np.array([fact[t] * fact[b - t - 1] for t in range(b)], dtype=object)
                    bvec = own.dot(coef_t)
                done[w] = multiplier * _window_counts(a, bvec, q, w) if w > 0 else 0
            counts[i] = done[w]
    return counts


def estimate_owen(weights: Sequence[int], quota: int, groups: Sequence[Sequence[int]]) -> float:
    """Seconds for :func:`owen_counts` (Python integers; on the high side)."""
    q = int(quota)
    m = len(groups)
    ops = m * m * q + m * m * q
    for g in groups:
        b = len(g)
        ops += b * b * q + len({weights[i] for i in g}) * (b * q + 2 * q)
    return 0.005 + 1.5e-7 * ops
