"""Exact counts for rules with few classes of interchangeable members (symmetric classes).

Two members are interchangeable when they have the same weight in every leaf quota of the rule's
threshold circuit; then whether a coalition wins depends only on how many members of each class
it holds, the vector ``k = (k_1, ..., k_m)``.  The rule is evaluated once on the whole grid of
``prod(n_c + 1)`` count vectors and the coalitions are counted with binomial coefficients:

* swings of a member of class ``c``:
  ``sum_k [W(k + e_c) and not W(k)] * C(n_c - 1, k_c) * prod_{j != c} C(n_j, k_j)``;
* pivots: the same sum split by coalition size ``s = |k|`` (a generating function in ``x``),
  weighted by ``s! (n - 1 - s)!``.

This is the classical counting over symmetric classes used for the US federal system (Banzhaf
1968, "One man, 3.312 votes"; Owen 1975, "Evaluation of a presidential election game", APSR
69:947-953) and for the UN Security Council (Shapley & Shubik 1954).  Exact: int64 while
``2**n`` fits, Python integers otherwise.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from powershare.games.circuit import Circuit
from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    Array = np.ndarray[Any, Any]

__all__ = ["member_classes", "symmetric_counts", "symmetric_coalitions", "grid_size"]


def member_classes(circuit: Circuit) -> list[list[int]]:
    """Members grouped by identical weight columns over all leaves (first-seen order)."""
    classes: dict[tuple[int, ...], list[int]] = {}
    for i in range(circuit.n):
        key = tuple(row[i] for row in circuit.leaf_weights)
        classes.setdefault(key, []).append(i)
    return list(classes.values())


def grid_size(circuit: Circuit) -> int:
    """Number of count vectors, ``prod(n_c + 1)``."""
    return math.prod(len(c) + 1 for c in member_classes(circuit))


def _winning_grid(circuit: Circuit, classes: list[list[int]]) -> Array:
    sizes = [len(c) for c in classes]
    shape = tuple(s + 1 for s in sizes)
    m = len(classes)
    leaves = []
    for lf in range(circuit.n_leaves):
        row = circuit.leaf_weights[lf]
        total = np.zeros(shape, dtype=np.int64 if circuit.fits_int64 else object)
        for c, members in enumerate(classes):
            w = row[members[0]]
            if w:
                ax = np.arange(sizes[c] + 1, dtype=total.dtype) * w
                total = total + ax.reshape((1,) * c + (-1,) + (1,) * (m - c - 1))
        leaves.append(total >= circuit.leaf_quota[lf])
    return circuit.root_from_leaves(np.stack(leaves))


def _binomials(n: int, dtype: Any, t: Array | None = None) -> Array:
    """``C(n, k)`` for ``k = 0..n``, computed only where the front axis of ``t`` (the tensor it
    is contracted with) is non-zero: a class of thousands of members needs one or a few
    binomials of thousands of digits, not the whole row (``O(n^2)`` digit work)."""
    if t is None:
        needed = np.arange(n + 1)
    else:
        needed = np.flatnonzero((t.reshape(t.shape[0], -1) != 0).any(axis=1))
    row: list[int] = [0] * (n + 1)
    if len(needed) <= 64:
        for pos in needed.tolist():
            row[pos] = math.comb(n, pos)
    else:  # the stretch between the first and last needed, by the multiplicative recurrence
        lo, hi = int(needed[0]), int(needed[-1])
        value = math.comb(n, lo)
        for j in range(lo, hi + 1):
            row[j] = value
            value = value * (n - j) // (j + 1)
    return np.array(row, dtype=dtype)


def _factorials(n: int) -> list[int]:
    fact = [1] * (n + 1)
    for k in range(1, n + 1):
        fact[k] = fact[k - 1] * k
    return fact


def _pivot_weights(n: int, by_size: Array) -> int:
    """``sum_k by_size[k] * k! (n - 1 - k)!`` (few sizes: ``math.factorial`` each; many: one
    table of factorials)."""
    sizes = [k for k, v in enumerate(by_size) if v]
    if len(sizes) <= 64:
        return sum(int(by_size[k]) * math.factorial(k) * math.factorial(n - 1 - k) for k in sizes)
    fact = _factorials(n)
    return sum(int(by_size[k]) * fact[k] * fact[n - 1 - k] for k in sizes)


def symmetric_counts(circuit: Circuit, quantity: str) -> tuple[list[int], int]:
    """Exact ``"swings"`` or ``"pivots"`` per member, and the number of winning coalitions."""
    classes = member_classes(circuit)
    n = circuit.n
    sizes = [len(c) for c in classes]
    m = len(classes)
    win = _winning_grid(circuit, classes)
    dtype: Any = np.int64 if n <= 61 else object
    # number of winning coalitions
    t = win.astype(np.int64).astype(dtype)
    for c in range(m):
        t = np.tensordot(_binomials(sizes[c], dtype, t), t, axes=([0], [0]))
    n_winning = int(t)
    counts = [0] * n
    for c in range(m):
        if sizes[c] == 0:
            continue
        hi = np.take(win, range(1, sizes[c] + 1), axis=c)
        lo = np.take(win, range(0, sizes[c]), axis=c)
        d = (hi & ~lo).astype(np.int64).astype(dtype)
        dims = [s if j != c else s - 1 for j, s in enumerate(sizes)]
        if quantity == "swings":
            t = d
            for j in range(m):
                t = np.tensordot(_binomials(dims[j], dtype, t), t, axes=([0], [0]))
            value = int(t)
        elif quantity == "pivots":
            # generating function: trailing axis = coalition size so far
            t = d[..., None]
            left = list(range(m))
            for j in sorted(range(m), key=lambda j: -dims[j]):
                front = np.moveaxis(t, left.index(j), 0)
                t = _contract_into_size(front, _binomials(dims[j], dtype, front))
                left.remove(j)
            by_size = t.reshape(-1)
            value = _pivot_weights(n, by_size)
        else:
            raise ValueError(f"quantity {quantity!r}: symmetric classes count swings or pivots")
        for i in classes[c]:
            counts[i] = value
    return counts, n_winning


def _contract_into_size(t: Array, b: Array) -> Array:
    """``out[..., s + k] += b[k] * t[k, ..., s]``: fold the front axis into the size axis."""
    size = t.shape[-1]
    out = np.zeros((*t.shape[1:-1], size + len(b) - 1), dtype=t.dtype)
    for k in range(len(b)):
        if b[k]:
            out[..., k : k + size] += b[k] * t[k]
    return out


def _class_counts(
    selected: Array, split: Array, weight: Array, k_c: Array, n_c: int, n: int
) -> list[int]:
    """``sum`` of ``weight * k_c / n_c`` over the selected cells, by ``split``: a member's share
    of the coalitions of its class (``C(n_c - 1, k_c - 1) = C(n_c, k_c) k_c / n_c``)."""
    out = [0] * (n + 1)
    values = weight[selected] * k_c[selected]
    keys = split[selected]
    if keys.size == 0:
        return out
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sums = np.add.reduceat(values[order], starts)
    for key, total in zip(keys[starts].tolist(), sums.tolist(), strict=True):
        out[key] = int(total) // n_c
    return out


def symmetric_coalitions(circuit: Circuit, quantity: str) -> tuple[list[list[int]], int]:
    """Per member, ``"mwc"`` (minimal winning coalitions containing it, by size),
    ``"critical"`` (winning coalitions where it is critical, by the number of critical
    members), ``"winning_by_size"`` (winning coalitions containing it, by size) or
    ``"swings_by_size"`` (coalitions where it is critical, by size); and the number of minimal
    winning coalitions.

    A cell ``k`` of the grid wins when ``W(k)``; class ``c`` is critical in it when
    ``W(k) and not W(k - e_c)`` (every member of the class alike).  The cell is minimal when
    every class present is critical; its critical members number ``sum_c k_c`` over the
    critical classes.  Each cell stands for ``prod_j C(n_j, k_j)`` coalitions.

    >>> from powershare.games import AllOf, AtLeast, Criterion
    >>> abc = ["A", "B", "C"]
    >>> rule = AllOf([Criterion([2, 1, 1], "50%", abc), AtLeast(2, abc)])
    >>> symmetric_coalitions(rule.circuit, "mwc")  # {A, B}, {A, C}, {B, C}
    ([[0, 0, 2, 0], [0, 0, 2, 0], [0, 0, 2, 0]], 3)
    """
    classes = member_classes(circuit)
    n = circuit.n
    sizes = [len(c) for c in classes]
    m = len(classes)
    win = _winning_grid(circuit, classes)
    grids: tuple[Array, ...] = tuple(np.indices(win.shape, sparse=True))
    critical = []
    for c in range(m):
        below = np.zeros_like(win)
        below[(slice(None),) * c + (slice(1, None),)] = np.take(win, range(sizes[c]), axis=c)
        critical.append(win & ~below & (grids[c] >= 1))
    minimal = win.copy()
    for c in range(m):
        minimal &= critical[c] | (grids[c] == 0)
    weight: Array = np.ones(win.shape, dtype=object)
    for c in range(m):
        row = np.array([math.comb(sizes[c], k) for k in range(sizes[c] + 1)], dtype=object)
        weight = weight * row.reshape((1,) * c + (-1,) + (1,) * (m - c - 1))
    n_minimal = int(weight[minimal].sum())
    size: Array = sum((np.broadcast_to(g, win.shape) for g in grids), np.zeros(win.shape, int))
    split: Array = size
    if quantity == "mwc":
        chosen = [minimal & (grids[c] >= 1) for c in range(m)]
    elif quantity == "critical":
        split = sum((critical[c] * grids[c] for c in range(m)), np.zeros(win.shape, int))
        chosen = critical
    elif quantity == "winning_by_size":
        chosen = [win & (grids[c] >= 1) for c in range(m)]
    elif quantity == "swings_by_size":
        chosen = critical
    else:
        raise ValueError(f"quantity {quantity!r}: not counted over symmetric classes")
    out = [[0] * (n + 1) for _ in range(n)]
    for c in range(m):
        k_c: Array = np.broadcast_to(grids[c], win.shape)
        row_c = _class_counts(chosen[c], split, weight, k_c, sizes[c], n)
        for i in classes[c]:
            out[i] = list(row_c)
    return out, n_minimal
