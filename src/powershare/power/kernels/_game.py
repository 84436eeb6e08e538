"""Shared preprocessing for the fast weighted-game kernels (not used by the enumeration reference).

Two facts every kernel uses (and the slot width of a packed generating function,
:func:`slot_bytes`, shared by the swing kernel and its cost model):

* **Complement quota.**  ``S`` (not containing ``i``) is a swing for ``i`` under quota ``q`` iff
  its complement ``N - i - S`` is a swing for ``i`` under quota ``q* = W - q + 1``
  (``W = sum(weights)``): ``q - w_i <= w(S) < q``  <=>  ``q* - w_i <= W - w_i - w(S) < q*``.
  So swing counts are equal, and counts by coalition size map ``k -> n - 1 - k``.  The kernels
  run with the smaller of ``q`` and ``q*`` (the *effective quota*), which shortens every array.
* **Truncation.**  Only coalition weights below the effective quota matter, so a member with
  ``w >= q_eff`` contributes the factor ``(1 + x^w) = 1 (mod x^q_eff)`` and drops out of every
  generating function; its own count is the plain total of the others' coefficients.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

__all__ = ["PreparedGame", "prepare", "slot_bytes"]


def slot_bytes(members: int) -> int:
    """Bytes per packed coefficient for a product over ``members`` positive-weight members.

    The largest coefficient of ``prod (1 + x^{w_i})`` with positive ``w_i`` is at most
    ``C(m, floor(m/2))`` (Sperner), so this many bytes hold every coefficient exactly.

    >>> slot_bytes(8), slot_bytes(40)
    (1, 5)
    """
    return max(1, (comb(members, members // 2).bit_length() + 7) // 8)


@dataclass(frozen=True)
class PreparedGame:
    """A weighted game reduced for the kernels.

    Attributes
    ----------
    weights : tuple of int
        The original weights.
    quota : int
        The original quota.
    total : int
        ``W = sum(weights)``.
    q : int
        Effective quota ``min(quota, W - quota + 1)`` (>= 1).
    complemented : bool
        Whether ``q`` is the complement quota (counts by size must then be reversed).
    classes : tuple of (int, int)
        ``(weight, multiplicity)`` for each distinct *positive* weight, ascending.
    zeros : int
        Number of zero-weight members.
    """

    weights: tuple[int, ...]
    quota: int
    total: int
    q: int
    complemented: bool
    classes: tuple[tuple[int, int], ...]
    zeros: int

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.weights)


def prepare(weights: Sequence[int], quota: int) -> PreparedGame:
    """Validate ``[quota; weights]`` and reduce it (see the module docstring).

    Raises
    ------
    ValueError
        If a weight is not a nonnegative int, or the quota is not an int with
        ``1 <= quota <= sum(weights)``.
    """
    ws: list[int] = []
    for w in weights:
        if isinstance(w, bool) or not isinstance(w, int) or w < 0:
            raise ValueError(f"weights must be nonnegative ints, got {w!r}")
        ws.append(int(w))
    if isinstance(quota, bool) or not isinstance(quota, int):
        raise ValueError(f"quota must be an int, got {quota!r}")
    total = sum(ws)
    if not 1 <= quota <= total:
        raise ValueError(f"quota must satisfy 1 <= quota <= sum(weights) = {total}, got {quota}")
    q_star = total - quota + 1
    q = min(quota, q_star)
    counter = Counter(w for w in ws if w > 0)
    classes = tuple(sorted(counter.items()))
    return PreparedGame(
        weights=tuple(ws),
        quota=int(quota),
        total=total,
        q=q,
        complemented=q != quota,
        classes=classes,
        zeros=len(ws) - sum(counter.values()),
    )
