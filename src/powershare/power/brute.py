"""Brute-force references over all ``2^n`` coalitions, for any simple game with few members.

These follow the definitions literally and are what the fast methods are tested against:
winning coalitions (Coleman 1971), minimal winning coalitions by size (Holler & Packel 1983;
Deegan & Packel 1978), critical members by number of critical members (Johnston 1978), and the
Owen and Banzhaf-Owen values over the coalitions allowed by a bloc structure (Owen 1977, 1982).
Coalitions are bitmasks (bit ``i`` = member ``i``), so ``n`` is limited to what ``2^n`` masks in
memory allow; the registry refuses larger games before starting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np

if TYPE_CHECKING:
    import numpy.typing as npt

    Bools = npt.NDArray[np.bool_]

__all__ = [
    "ENUMERATION_MAX_MEMBERS",
    "OWEN_ENUMERATION_MAX_MEMBERS",
    "critical_by_size",
    "estimate_enumeration",
    "mwc_by_size",
    "owen_enumeration",
    "winning_table",
    "winning_totals",
]


ENUMERATION_MAX_MEMBERS = 25
"""The most members any method or query that visits all ``2^n`` coalitions accepts."""
OWEN_ENUMERATION_MAX_MEMBERS = 22
"""The same limit for the bloc values (Owen, Banzhaf-Owen), whose enumeration is costlier."""


def winning_table(game: SimpleGame) -> Bools:
    """``win[mask]`` for every coalition ``mask`` in ``0 .. 2^n - 1``."""
    masks = np.arange(1 << game.n, dtype=np.int64)
    return np.asarray(game.winning_masks(masks), dtype=np.bool_)


def _split(win: Bools, n: int, i: int) -> tuple[Bools, Bools]:
    """Views of ``win`` on coalitions without and with member ``i`` (paired up)."""
    view = win.reshape(1 << (n - 1 - i), 2, 1 << i)
    return view[:, 0, :], view[:, 1, :]


def winning_totals(game: SimpleGame, win: Bools | None = None) -> tuple[list[int], int]:
    """Per member, winning coalitions containing it; and all winning coalitions."""
    win = winning_table(game) if win is None else win
    per = [int(_split(win, game.n, i)[1].sum()) for i in range(game.n)]
    return per, int(win.sum())


def _critical_masks(game: SimpleGame, win: Bools) -> tuple[list[Bools], npt.NDArray[np.int16]]:
    n = game.n
    ncrit = np.zeros(1 << n, dtype=np.int16)
    crits = []
    for i in range(n):
        without, with_i = _split(win, n, i)
        crit = with_i & ~without  # over coalitions containing i, paired layout
        crits.append(crit)
        _split_int(ncrit, n, i)[1][...] += crit
    return crits, ncrit


def _split_int(arr: npt.NDArray[np.int16], n: int, i: int) -> tuple[npt.NDArray[np.int16], ...]:
    view = arr.reshape(1 << (n - 1 - i), 2, 1 << i)
    return view[:, 0, :], view[:, 1, :]


def mwc_by_size(game: SimpleGame, win: Bools | None = None) -> list[list[int]]:
    """``out[i][s]``: minimal winning coalitions of size ``s`` containing member ``i``."""
    n = game.n
    win = winning_table(game) if win is None else win
    _crits, ncrit = _critical_masks(game, win)
    sizes = np.bitwise_count(np.arange(1 << n, dtype=np.int64)).astype(np.int16)
    minimal = win & (ncrit == sizes)
    out = []
    for i in range(n):
        with_i = _split(minimal, n, i)[1]
        size_i = _split_int(sizes, n, i)[1]
        out.append([int(c) for c in np.bincount(size_i[with_i], minlength=n + 1)])
    return out


def critical_by_size(game: SimpleGame, win: Bools | None = None) -> list[list[int]]:
    """``out[i][c]``: winning coalitions where ``i`` is critical and ``c`` members are."""
    n = game.n
    win = winning_table(game) if win is None else win
    crits, ncrit = _critical_masks(game, win)
    out = []
    for i in range(n):
        counts_i = _split_int(ncrit, n, i)[1]
        out.append([int(c) for c in np.bincount(counts_i[crits[i]], minlength=n + 1)])
    return out


def owen_enumeration(
    game: SimpleGame, groups: Sequence[Sequence[int]], *, banzhaf: bool, win: Bools | None = None
) -> list[int]:
    """Owen pivot counts or Banzhaf-Owen swing counts by enumeration (see
    :func:`powershare.power.owen.owen_counts` for what is counted)."""
    n = game.n
    win = winning_table(game) if win is None else win
    m = len(groups)
    fact = [math.factorial(j) for j in range(n + 1)]
    bloc_bits = [sum(1 << i for i in g) for g in groups]
    counts = [0] * n
    for k, group in enumerate(groups):
        others = [bloc_bits[j] for j in range(m) if j != k]
        unions = np.zeros(1, dtype=np.int64)
        r_sizes = np.zeros(1, dtype=np.int64)
        for bits in others:
            unions = np.concatenate([unions, unions | bits])
            r_sizes = np.concatenate([r_sizes, r_sizes + 1])
        b = len(group)
        mult = math.prod(fact[len(g)] for j, g in enumerate(groups) if j != k)
        for i in group:
            rest = [1 << j for j in group if j != i]
            subsets = np.zeros(1, dtype=np.int64)
            t_sizes = np.zeros(1, dtype=np.int64)
            for bit in rest:
                subsets = np.concatenate([subsets, subsets | bit])
                t_sizes = np.concatenate([t_sizes, t_sizes + 1])
            coalitions = unions[:, None] | subsets[None, :]
            swing = win[coalitions | (1 << i)] & ~win[coalitions]
            if banzhaf:
                counts[i] = int(swing.sum())
                continue
            total = 0
            table = np.zeros((m, b), dtype=np.int64)
            np.add.at(
                table,
                (
                    np.broadcast_to(r_sizes[:, None], swing.shape)[swing],
                    np.broadcast_to(t_sizes[None, :], swing.shape)[swing],
                ),
                1,
            )
            for r in range(m):
                for t in range(b):
                    if table[r, t]:
                        total += (
                            int(table[r, t]) * fact[r] * fact[m - r - 1] * fact[t] * fact[b - t - 1]
                        )
            counts[i] = total * mult
    return counts


def estimate_enumeration(n: int, passes: int = 6) -> tuple[float, int]:
    """(seconds, bytes) to enumerate ``2^n`` coalitions with ``passes`` sweeps per member."""
    coalitions = 1 << n
    return 0.01 + 4e-9 * coalitions * n * passes, coalitions * 24
