"""Exact power vectors of weighted games, fast enough for searches.

Searches evaluate thousands of rules, so they call the counting kernels directly on plain
integer lists instead of building result objects: :func:`power_shares` gives normalised power
from exact integer counts (Banzhaf swings from :func:`~powershare.power.kernels.swings.
swing_counts`, Shapley-Shubik pivots from :func:`~powershare.power.kernels.pivots.
pivot_counts`; any other registered index through :func:`powershare.power.power`), and
:func:`banzhaf_all_quotas` gives the swings of every member for **every** quota at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.errors import ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import get_index, power
from powershare.power.kernels.pivots import pivot_counts
from powershare.power.kernels.swings import swing_counts
from powershare.power.registry import Limits, registry

__all__ = [
    "MAX_QUOTA_TABLE_BYTES",
    "banzhaf_all_quotas",
    "counts_as_floats",
    "count_seconds",
    "check_quota_tables",
    "canonical_index",
    "game_shares",
    "power_shares",
    "winning_all_quotas",
]

_FAST = {"banzhaf", "banzhaf_absolute", "shapley"}


def canonical_index(index: str) -> str:
    """The registered key of an index name (``"ss"`` -> ``"shapley"``); rejects unknown names."""
    return get_index(index).key


def _shares(counts: Sequence[int]) -> tuple[float, ...]:
    total = sum(counts)
    if total == 0:
        return tuple(0.0 for _ in counts)
    return tuple(c / total for c in counts)  # int / int is correctly rounded


def power_shares(
    weights: Sequence[int], quota: int, index: str = "banzhaf", limits: Limits | None = None
) -> tuple[float, ...]:
    """Normalised power of every member of ``[quota; weights]`` from exact counts.

    Banzhaf and Penrose (absolute Banzhaf) have the same normalised values; so the key only
    chooses the counted quantity.  ``index`` must be a canonical key (see
    :func:`canonical_index`).  With ``limits`` the count is refused up front
    (:class:`~powershare.errors.ResourceLimitError`) when the registry's estimate exceeds them;
    without, it is not checked (the searches bound their own work).
    """
    if limits is not None:
        count_seconds(WeightedGame(quota, list(weights)), get_index(index).quantity, limits)
    if index in ("banzhaf", "banzhaf_absolute"):
        return _shares(swing_counts(list(weights), quota))
    if index == "shapley":
        return _shares(pivot_counts(list(weights), quota))
    return game_shares(WeightedGame(quota, list(weights)), index, limits)


def count_seconds(game: SimpleGame, quantity: str, limits: Limits | None = None) -> float:
    """The registry's estimate, in seconds, of counting ``quantity`` on ``game``.

    Parameters
    ----------
    game
        The rule.
    quantity
        A counted quantity: ``"winning"``, or an index's ``get_index(key).quantity``.
    limits
        Time and memory limits (default :class:`~powershare.power.registry.Limits`).

    Returns
    -------
    float
        The estimate of the fastest exact method that fits ``limits``.

    Raises
    ------
    ResourceLimitError
        When no exact method fits ``limits``: the message gives the estimate.
    """
    _method, estimate = registry.choose(game, quantity, "auto", limits)
    return estimate.seconds


def game_shares(
    game: SimpleGame, index: str = "banzhaf", limits: Limits | None = None
) -> tuple[float, ...]:
    """Normalised power of any rule (compound rules included), via :func:`powershare.power`
    (within ``limits`` when given)."""
    result = power(game, index, limits=limits)
    if result.exact is not None:
        total = sum(result.exact)
        if total == 0:
            return tuple(0.0 for _ in result.exact)
        return tuple(float(v / total) for v in result.exact)
    total_f = sum(result.floats)
    return tuple(v / total_f if total_f else 0.0 for v in result.floats)


MAX_QUOTA_TABLE_BYTES = 1 << 29
"""The tables over every quota (one row per quota ``1..W``) are refused above 512 MB."""


def check_quota_tables(total: int, n: int) -> None:
    """Refuse up front the tables over every quota of a total weight ``total`` that would not
    fit :data:`MAX_QUOTA_TABLE_BYTES` (``(W + 1) x n`` counts), with the estimate.

    Raises
    ------
    ResourceLimitError
        Naming the total, the memory the tables would take and the way out.
    """
    per_cell = 8 if n <= 62 else 48  # int64, or Python integers beyond 2^62
    need = (total + 1) * (n + 2) * per_cell
    if need > MAX_QUOTA_TABLE_BYTES:
        digits = int(total.bit_length() * 0.30103)  # about log10(total), without str()
        shown = f"{total:,}" if digits < 30 else f"about 10^{digits}"
        size = f"{need / 1e9:.3g} GB" if digits < 300 else "beyond any memory"
        raise ResourceLimitError(
            f"a total weight of {shown}: evaluating every quota takes a table of one count "
            f"per quota and member, {size}, over the limit of "
            f"{MAX_QUOTA_TABLE_BYTES / 1e9:.2g} GB; use a smaller total weight (--total-weight) "
            "or rescale the weights"
        )


def counts_as_floats(counts: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """Counts as floats for comparing shares: the counts of hundreds of members exceed the
    largest float, so all are first divided by one power of two (shares are ratios).

    >>> counts_as_floats(np.array([[2**1500, 2**1499]], dtype=object)).tolist()
    [[5.357543035931337e+300, 2.6787715179656683e+300]]
    """
    if counts.dtype == object and counts.size:
        top = max(int(v).bit_length() for v in counts.flat)
        if top > 1000:
            shift = top - 1000
            flat = [int(v) >> shift for v in counts.flat]
            counts = np.array(flat, dtype=object).reshape(counts.shape)
    return np.asarray(counts, dtype=np.float64)


def banzhaf_all_quotas(weights: Sequence[int]) -> npt.NDArray[Any]:
    """Banzhaf swings of every member for every quota ``q = 1 .. W``.

    Returns ``S`` with ``S[q - 1][i]`` the number of coalitions of the others with weight in
    ``[q - w_i, q - 1]``.

    Algorithm: the subset-sum generating function ``f(x) = prod_j (1 + x^{w_j})`` (Brams &
    Affuso 1976; Bilbao et al. 2000) is computed once over all ``W + 1`` coefficients; for
    each *distinct* weight ``w`` the others' function ``g = f / (1 + x^w)`` follows from
    ``g[t] = f[t] - g[t - w]``, and with prefix sums ``G`` of ``g`` the swings for every quota
    are ``G[q] - G[q - w]``.  Cost ``O(n W)`` for all ``W`` quotas, where evaluating each quota
    separately costs ``W`` kernel calls.  Counts are exact: ``int64`` holds them for ``n <= 62``
    (every coefficient is at most ``2^n``); beyond that Python integers are used.
    """
    ws = [int(w) for w in weights]
    n = len(ws)
    total = sum(ws)
    check_quota_tables(total, n)
    dtype: type = np.int64 if n <= 62 else object
    f: npt.NDArray[Any] = np.zeros(total + 1, dtype=dtype)
    f[0] = 2 ** sum(1 for w in ws if w == 0)  # zero-weight members double every count
    for w in ws:
        if w:
            f[w:] = f[w:] + f[:-w].copy()
    out: npt.NDArray[Any] = np.zeros((total, n), dtype=dtype)
    done: dict[int, npt.NDArray[Any]] = {}
    q = np.arange(1, total + 1)
    for i, w in enumerate(ws):
        if w in done:
            out[:, i] = done[w]
            continue
        if w == 0:
            col: npt.NDArray[Any] = np.zeros(total, dtype=dtype)
        else:
            g = f.copy()
            for start in range(w, total + 1, w):
                stop = min(start + w, total + 1)
                g[start:stop] = f[start:stop] - g[start - w : stop - w]
            prefix: npt.NDArray[Any] = np.zeros(total + 2, dtype=dtype)
            prefix[1:] = np.cumsum(g)
            # swings(q) = sum_{s = q-w}^{q-1} g[s] = G[q] - G[max(q-w, 0)]
            col = prefix[q] - prefix[np.maximum(q - w, 0)]
        done[w] = col
        out[:, i] = col
    return out


def winning_all_quotas(weights: Sequence[int]) -> list[int]:
    """Winning coalitions of ``[q; weights]`` for every quota ``q = 1 .. W`` (entry ``q - 1``).

    The number of coalitions weighing at least ``q``: suffix sums of the subset-sum generating
    function ``prod_j (1 + x^{w_j})`` (Brams & Affuso 1976), exact Python integers.  Divided by
    ``2^n`` it is Coleman's power of the collectivity to act at every quota at once.

    >>> winning_all_quotas([2, 1, 1])
    [7, 5, 3, 1]
    """
    ws = [int(w) for w in weights]
    total = sum(ws)
    check_quota_tables(total, len(ws))
    if len(ws) <= 62:  # every coefficient is at most 2^n: int64 is exact
        f: npt.NDArray[Any] = np.zeros(total + 1, dtype=np.int64)
        f[0] = 1
        for w in ws:
            if w:
                f[w:] = f[w:] + f[:-w].copy()
            else:
                f = 2 * f
        suffix = np.cumsum(f[::-1])[::-1]
        return [int(c) for c in suffix[1:]]
    g = [0] * (total + 1)
    g[0] = 1
    for w in ws:
        if w:
            for s in range(total, w - 1, -1):
                g[s] += g[s - w]
        else:
            g = [2 * c for c in g]
    out = [0] * total
    acc = 0
    for q in range(total, 0, -1):
        acc += g[q]
        out[q - 1] = acc
    return out
