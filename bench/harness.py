"""Pure parts of the benchmark: the games, deviations from exact values, repeat policy, formatting.

Nothing here starts a process, touches the network or imports a peer, so the unit test
(``tests/bench/test_bench_harness.py``) can load this file on its own.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
EC_CSV = REPO_ROOT / "src/powershare/datasets/data/us_electoral_college_2024.csv"

#: Indices whose values are counted over all coalitions / orderings (every peer has some).
CLASSIC_INDICES: tuple[str, ...] = ("banzhaf", "shapley")
#: Indices over minimal winning coalitions (issue 3); no Python peer computes them.
MWC_INDICES: tuple[str, ...] = ("holler", "deegan_packel", "johnston")
ALL_INDICES: tuple[str, ...] = CLASSIC_INDICES + MWC_INDICES

INDEX_LABELS: dict[str, str] = {
    "banzhaf": "Banzhaf (normalised)",
    "shapley": "Shapley-Shubik",
    "holler": "Holler (public good)",
    "deegan_packel": "Deegan-Packel",
    "johnston": "Johnston",
}


@dataclass(frozen=True)
class BenchGame:
    """One benchmark game: ``[quota; weights]`` (a coalition wins when its weight >= quota)."""

    key: str
    title: str
    quota: int
    weights: tuple[int, ...]
    label: str = ""

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.weights)

    @property
    def total_weight(self) -> int:
        """Sum of the weights."""
        return sum(self.weights)

    def to_dict(self) -> dict[str, object]:
        """JSON form (what the worker process reads)."""
        return {
            "key": self.key,
            "title": self.title,
            "label": self.label,
            "quota": self.quota,
            "weights": list(self.weights),
        }


def majority_quota(weights: Sequence[int]) -> int:
    """Simple majority of the total weight: ``floor(W/2) + 1``."""
    return sum(weights) // 2 + 1


def random_game(key: str, n: int, max_weight: int, seed: int) -> BenchGame:
    """``n`` weights uniform on ``1..max_weight`` from ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    weights = tuple(int(w) for w in rng.integers(1, max_weight + 1, size=n))
    title = f"{n} members, weights uniform on 1..{max_weight} (default_rng({seed}))"
    label = f"{key}: n={n}, w=1..{max_weight}"
    return BenchGame(key, title, majority_quota(weights), weights, label)


def electoral_college_game(path: Path = EC_CSV) -> BenchGame:
    """US Electoral College 2024: 51 members, 538 votes, quota 270."""
    with path.open(newline="", encoding="utf-8") as handle:
        weights = tuple(int(row["electoral_votes"]) for row in csv.DictReader(handle))
    title = "US Electoral College 2024: 51 members, 538 votes, quota 270"
    return BenchGame("a", title, 270, weights, "a: US EC 2024, n=51")


def smoke_game() -> BenchGame:
    """EEC Council 1958, ``[12; 4, 4, 4, 2, 2, 1]``: a tiny game for checking the harness."""
    title = "EEC Council 1958 (smoke test)"
    return BenchGame("s", title, 12, (4, 4, 4, 2, 2, 1), "s: EEC 1958, n=6")


def make_game(key: str) -> BenchGame:
    """Game ``a``, ``b``, ``c`` or ``d`` of the benchmark, or the smoke-test game ``s``."""
    if key == "a":
        return electoral_college_game()
    if key == "s":
        return smoke_game()
    if key == "b":
        return random_game("b", 200, 1000, 2024)
    if key == "c":
        return random_game("c", 1000, 100, 2025)
    if key == "d":
        return random_game("d", 200, 100, 2026)
    raise ValueError(f"unknown game {key!r}; known games: {', '.join(GAME_KEYS)}")


GAME_KEYS: tuple[str, ...] = ("a", "b", "c", "d", "s")


def default_games(index: str) -> tuple[str, ...]:
    """Games run for an index when ``--games`` is not given."""
    return ("a", "b", "c") if index in CLASSIC_INDICES else ("d",)


# ---------------------------------------------------------------------------------------------
# Values and deviations


def parse_fraction(text: str) -> Fraction:
    """``"3/7"`` or ``"2"`` -> Fraction (how the worker sends our exact values)."""
    return Fraction(text)


def as_fractions(values: Iterable[float]) -> list[Fraction] | None:
    """Each float exactly as a Fraction; ``None`` if any value is NaN or infinite."""
    out: list[Fraction] = []
    for value in values:
        if not math.isfinite(value):
            return None
        out.append(Fraction(value))
    return out


def normalise(values: Sequence[float]) -> list[float]:
    """Values divided by their sum, computed exactly from the floats and rounded once.

    Used for peers that return the absolute (Penrose) Banzhaf measure.  Non-finite input, or a
    zero sum, is passed through unchanged so that the deviation check reports it.
    """
    exact = as_fractions(values)
    if exact is None:
        return [float(v) for v in values]
    total = sum(exact, Fraction(0))
    if total == 0:
        return [float(v) for v in values]
    return [float(v / total) for v in exact]


def max_abs_deviation(peer: Sequence[float], exact: Sequence[Fraction]) -> float:
    """Largest ``|peer_i - exact_i|``, each difference taken exactly, then rounded once.

    A NaN or infinite peer value gives ``inf``.  Lengths must agree.
    """
    if len(peer) != len(exact):
        raise ValueError(f"peer returned {len(peer)} values for {len(exact)} members")
    peer_exact = as_fractions(peer)
    if peer_exact is None:
        return math.inf
    worst = max((abs(p - e) for p, e in zip(peer_exact, exact, strict=True)), default=Fraction(0))
    return float(worst)


def value_sum_error(values: Sequence[float]) -> float:
    """``|sum - 1|`` of a normalised index (exact from the floats); ``inf`` if non-finite."""
    exact = as_fractions(values)
    if exact is None:
        return math.inf
    return float(abs(sum(exact, Fraction(0)) - 1))


# ---------------------------------------------------------------------------------------------
# Repeats and timing


@dataclass(frozen=True)
class RepeatPolicy:
    """How many runs to time, decided from the first run.

    A first run under ``fast_below`` seconds gets ``fast_runs`` runs in all, one under
    ``slow_from`` gets ``medium_runs``, a slower one is not repeated.  ``max_runs`` caps all.
    """

    fast_runs: int = 7
    medium_runs: int = 3
    fast_below: float = 1.0
    slow_from: float = 10.0
    max_runs: int | None = None

    def total_runs(self, first_seconds: float) -> int:
        """Runs in all (including the first) after a first run that took ``first_seconds``."""
        if first_seconds < self.fast_below:
            runs = self.fast_runs
        elif first_seconds < self.slow_from:
            runs = self.medium_runs
        else:
            runs = 1
        if self.max_runs is not None:
            runs = min(runs, self.max_runs)
        return max(runs, 1)


def median_seconds(times: Sequence[float]) -> float:
    """Median of the timed runs."""
    if not times:
        raise ValueError("no timed runs")
    return float(statistics.median(times))


# ---------------------------------------------------------------------------------------------
# Formatting


def format_seconds(seconds: float) -> str:
    """``0.00042`` -> ``"0.42 ms"``, ``0.123`` -> ``"123 ms"``, ``12.3`` -> ``"12.3 s"``."""
    if seconds < 0.001:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    if seconds < 100:
        return f"{seconds:.3g} s"
    return f"{seconds:.0f} s"


def format_bytes(n: int | None) -> str:
    """``45_000_000`` -> ``"45 MB"``; ``None`` -> ``"-"``."""
    if n is None:
        return "-"
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} B"


def format_ratio(peer_seconds: float | None, our_seconds: float | None) -> str:
    """``peer / ours`` as ``"12.3x"`` (above 1: we are faster)."""
    if peer_seconds is None or our_seconds is None or our_seconds <= 0:
        return "-"
    ratio = peer_seconds / our_seconds
    return f"{ratio:.3g}x" if ratio < 1000 else f"{ratio:.0f}x"


def format_deviation(deviation: float | None) -> str:
    """Largest absolute deviation, ``"0"`` when exact, ``"NaN/inf"`` when non-finite."""
    if deviation is None:
        return "-"
    if math.isinf(deviation) or math.isnan(deviation):
        return "NaN/inf values"
    if deviation == 0:
        return "0"
    return f"{deviation:.2e}"


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned text table (first column left-aligned, the rest too: cells are words)."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
    return "\n".join(lines)
