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
from functools import lru_cache
from math import comb, gcd

__all__ = ["PreparedGame", "equivalent_weights", "prepare", "prepare_equivalent", "slot_bytes"]

_CAPPING_ROUNDS = 64


def equivalent_weights(weights: Sequence[int], quota: int) -> tuple[tuple[int, ...], int]:
    """Smaller integer weights and quota for the *same* game (the same winning coalitions).

    Three exact steps, in ``O(n)`` big-integer operations each, repeated while they change
    something (at most 64 rounds; every round keeps the game, so stopping early is exact too):

    * a member of weight ``w > q`` wins alone either way: ``w -> q``;
    * the same in the dual game ``[W - q + 1; w]`` (the coalitions whose complement loses),
      whose dual is the game again: ``w -> W - q + 1``, then ``q -> W' - (W - q + 1) + 1``;
    * all weights divided by their greatest common divisor ``g``, the quota rounded up:
      ``w(S) >= q`` iff ``w(S) / g >= ceil(q / g)``.

    So ``[2; 1, 10**999, 1]`` becomes ``[2; 1, 2, 1]`` (a dictator) and 26 weights of
    ``4e9`` with quota ``56e9`` become 26 weights of 1 with quota 14; every counting method
    then works on small numbers.  Counts of coalitions depend on the winning coalitions only.

    Examples
    --------
    >>> equivalent_weights([4_000_000_000] * 3, 8_000_000_000)
    ((1, 1, 1), 2)
    >>> equivalent_weights([1, 10**999, 1], 2)
    ((1, 2, 1), 2)
    >>> equivalent_weights([4, 4, 4, 2, 2, 1], 12)
    ((4, 4, 4, 2, 2, 1), 12)
    """
    return _equivalent(tuple(int(w) for w in weights), int(quota))


@lru_cache(maxsize=256)
def _equivalent(weights: tuple[int, ...], quota: int) -> tuple[tuple[int, ...], int]:
    ws, q = weights, quota
    total = sum(ws)
    if not ws or not 1 <= q <= total:
        return ws, q  # prepare() explains what is wrong
    for _ in range(_CAPPING_ROUNDS):
        changed = False
        if any(w > q for w in ws):
            ws = tuple(min(w, q) for w in ws)
            total = sum(ws)
            changed = True
        dual = total - q + 1
        if any(w > dual for w in ws):
            ws = tuple(min(w, dual) for w in ws)
            total = sum(ws)
            q = total - dual + 1
            changed = True
        if not changed:
            break
    g = 0
    for w in ws:
        g = gcd(g, w)
    if g > 1:
        ws = tuple(w // g for w in ws)
        q = -(-q // g)
    return ws, q


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


def prepare_equivalent(weights: Sequence[int], quota: int) -> PreparedGame:
    """:func:`prepare` of the smallest equivalent weights (:func:`equivalent_weights`): the
    same game, no weight above the effective quota, so every array index of the kernels fits
    in ``int64`` whatever the numbers given.  Its ``weights`` are positionally those of the
    members; what the public kernels and estimates work on."""
    game = prepare(weights, quota)  # validates
    reduced, q = equivalent_weights(game.weights, game.quota)
    return game if reduced == game.weights and q == game.quota else prepare(reduced, q)


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
