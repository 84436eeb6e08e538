"""Monte Carlo estimates of power, with a confidence interval per member.

For games too large for the exact methods.  Sampling follows Bachrach, Markakis, Resnick,
Procaccia, Rosenschein & Saberi (2010), *Approximating power indices: theoretical and empirical
analysis*, Autonomous Agents and Multi-Agent Systems 20:105-122:

* **Banzhaf**: coalitions are drawn uniformly (each member in with probability 1/2).  For every
  sampled coalition ``S`` and *every* member ``i`` we record whether ``i`` is a swing
  (``S + i`` wins and ``S - i`` loses).  The absolute Banzhaf value ``beta_i`` is the probability
  of that event, so the sample mean is unbiased.  For weighted and compound rules the test for
  all members at once is vectorised over the rule's threshold circuit: flipping member ``i``
  changes a criterion exactly when its weight crosses the gap between the coalition's weight
  and the quota.
* **Shapley-Shubik**: orderings are drawn uniformly; the pivot of each ordering is the member
  whose arrival first makes the coalition win.  ``phi_i`` is the probability that ``i`` is the
  pivot.

**Confidence intervals.**  Each per-member estimate is a mean of ``m`` Bernoulli variables.  We
report the narrower of two intervals, each at level ``1 - delta/2`` (so both hold together with
probability at least ``1 - delta``, ``delta = 1 - confidence``):

* Hoeffding (1963): ``sqrt(ln(4/delta) / (2m))``, as in Bachrach et al. (2010);
* empirical Bernstein (Maurer & Pontil 2009, Theorem 4, two-sided): ``sqrt(2 V ln(8/delta) / m)
  + 7 ln(8/delta) / (3(m - 1))``, with ``V`` the sample variance; much narrower for small values
  (most members of a large body).

When sampling stops because a requested precision was reached, the stopping time depends on the
data; the bound is then checked only at ``m_1 < m_2 < ...`` (each time the number of batches
doubles, and at the end) and the ``k``-th check uses ``delta / (k (k + 1))`` so that all checks
hold together (a union bound, sum of ``1/(k(k+1))`` = 1).  The intervals are per member
(marginal) at the stated confidence; for the normalised Banzhaf index, whose values are ratios,
the members' absolute intervals are made simultaneous (Bonferroni, ``delta / n``) and then
divided, which gives conservative intervals.  No stratification or antithetic pairing is used:
complementary coalitions give *equal* swing indicators in constant-sum games (so antithetic
pairing would not help), and sampling all members from one coalition already shares the work.

Results are reproducible: the same ``seed`` (and the same game) gives the same numbers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from powershare.errors import InvalidInputError, MethodNotApplicableError, ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.games.circuit import Circuit, circuit_of
from powershare.games.lazy_numpy import np
from powershare.power.indices import get_index
from powershare.power.result import PowerResult, Sampling

if TYPE_CHECKING:
    Array = np.ndarray[Any, Any]

__all__ = ["estimate_power", "hoeffding_halfwidth", "bernstein_halfwidth", "samples_for"]

ProgressFn = Callable[[int, int | None], None]


def hoeffding_halfwidth(m: int, delta: float) -> float:
    """Two-sided Hoeffding half-width for a mean of ``m`` values in ``[0, 1]``."""
    return math.sqrt(math.log(2 / delta) / (2 * m))


def bernstein_halfwidth(p_hat: Array, m: int, delta: float) -> Array:
    """Two-sided empirical Bernstein half-width (Maurer & Pontil 2009) for Bernoulli means."""
    if m < 2:
        return np.full(np.shape(p_hat), np.inf)
    var = p_hat * (1 - p_hat) * m / (m - 1)
    log = math.log(4 / delta)
    return np.asarray(np.sqrt(2 * var * log / m) + 7 * log / (3 * (m - 1)))


def samples_for(precision: float, confidence: float) -> int:
    """Samples that guarantee half-width ``precision`` by Hoeffding alone (an upper bound)."""
    delta = 1 - confidence
    return math.ceil(math.log(4 / delta) / (2 * precision**2))


def _halfwidths(p_hat: Array, m: int, delta: float) -> Array:
    return np.minimum(hoeffding_halfwidth(m, delta / 2), bernstein_halfwidth(p_hat, m, delta / 2))


# -- samplers -----------------------------------------------------------------------------------
class _CircuitSampler:
    """Vectorised swing and pivot tests over a threshold circuit.

    Coalitions arrive packed, 8 members per byte; each criterion's weight is summed with one
    256-entry table per byte.  A criterion can change for some member only when the gap between
    the coalition's weight and its quota is at most the largest weight, so only those sampled
    coalitions are unpacked and tested member by member (a small fraction in large bodies).
    """

    def __init__(self, circuit: Circuit) -> None:
        self.c = circuit
        n = circuit.n
        self.n = n
        dtype: Any = np.int64 if circuit.fits_int64 else object
        self.wi = np.array(circuit.leaf_weights, dtype=dtype).reshape(circuit.n_leaves, n)
        self.q = np.array(circuit.leaf_quota, dtype=dtype)
        nb = (n + 7) // 8
        bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(dtype)
        padded = np.zeros((circuit.n_leaves, nb * 8), dtype=dtype)
        padded[:, :n] = self.wi
        # tables[l, j, v] = weight of the members in byte j whose bits are set in v
        self.tables = np.stack(
            [
                np.stack([bits @ padded[lf, 8 * j : 8 * j + 8] for j in range(nb)])
                for lf in range(circuit.n_leaves)
            ]
        )
        self.cols = np.arange(nb)[None, :]
        groups: dict[tuple[int, ...], list[int]] = {}
        for i in range(n):
            support = tuple(lf for lf in range(circuit.n_leaves) if circuit.leaf_weights[lf][i])
            groups.setdefault(support, []).append(i)
        self.groups = [
            (support, np.array(cols), [self.wi[lf, cols].max() for lf in support])
            for support, cols in groups.items()
            if support
        ]

    def swings(self, packed: Array) -> Array:
        """Per-member swing counts over the packed coalitions (rows of ``packed``)."""
        c = self.c
        sums = np.stack(
            [self.tables[lf][self.cols, packed].sum(axis=1) for lf in range(c.n_leaves)]
        )
        gap = sums - self.q[:, None]  # (L, b)
        base = gap >= 0
        root = c.root_from_leaves(base)
        need = np.where(base, gap + 1, -gap)
        counts = np.zeros(self.n, dtype=np.int64)
        for support, cols, wmax in self.groups:
            near = np.zeros(packed.shape[0], dtype=bool)
            for lf, wm in zip(support, wmax, strict=True):
                near |= need[lf] <= wm
            rows = np.nonzero(near)[0]
            if rows.size == 0:
                continue
            x = np.unpackbits(packed[rows], axis=1, count=self.n)[:, cols]
            leaves: list[Array] = [base[lf][rows][:, None] for lf in range(c.n_leaves)]
            for lf in support:
                flip = (x == base[lf][rows][:, None]) & (
                    self.wi[lf, cols][None, :] >= need[lf][rows][:, None]
                )
                leaves[lf] = leaves[lf] ^ flip
            changed = c.root_from_leaves(leaves) ^ root[rows][:, None]
            counts[cols] += np.count_nonzero(changed, axis=0)
        return counts

    def pivots(self, perm: Array) -> Array:
        """The pivot of each ordering (rows of ``perm``)."""
        c = self.c
        leaves = []
        for lf in range(c.n_leaves):
            cum = np.cumsum(self.wi[lf][perm], axis=1)
            leaves.append(cum >= self.q[lf])
        win = c.root_from_leaves(leaves)
        first = np.argmax(win, axis=1)
        return np.asarray(perm[np.arange(perm.shape[0]), first])


class _GenericSampler:
    """Any simple game with ``n <= 62``, through ``winning_masks``."""

    def __init__(self, game: SimpleGame) -> None:
        self.game = game
        self.bits = np.left_shift(np.int64(1), np.arange(game.n, dtype=np.int64))

    def swings(self, packed: Array) -> Array:
        x = np.unpackbits(packed, axis=1, count=self.game.n)
        masks = (x.astype(np.int64) * self.bits[None, :]).sum(axis=1)
        base = self.game.winning_masks(masks)
        flipped = self.game.winning_masks(masks[:, None] ^ self.bits[None, :])
        return np.asarray((flipped ^ base[:, None]).sum(axis=0))

    def pivots(self, perm: Array) -> Array:
        masks = np.cumsum(self.bits[perm], axis=1)
        win = self.game.winning_masks(masks)
        first = np.argmax(win, axis=1)
        return np.asarray(perm[np.arange(perm.shape[0]), first])


def _refuse_slow(samples: int | None, done: int, elapsed: float, max_seconds: float | None) -> None:
    """Refuse a fixed number of samples that would run past ``max_seconds``."""
    if samples is None or max_seconds is None or done >= samples:
        return
    projected = elapsed / done * samples
    if projected > max_seconds:
        raise ResourceLimitError(
            f"{samples:,} Monte Carlo samples would take about {projected:.3g} s, over the "
            f"limit of {max_seconds:.3g} s; ask for fewer (--samples), a --precision, or raise "
            "--max-seconds",
            seconds=projected,
            bytes_=0,
        )


def estimate_power(
    game: SimpleGame,
    index: str = "banzhaf",
    *,
    samples: int | None = None,
    precision: float | None = None,
    confidence: float = 0.99,
    seed: int = 0,
    max_seconds: float | None = None,
    progress: ProgressFn | None = None,
    batch: int | None = None,
) -> PowerResult:
    """Estimate a power index by Monte Carlo sampling, with a confidence interval per member.

    Parameters
    ----------
    game
        Any weighted or compound rule (any size), or another simple game with ``n <= 62``.
    index
        ``"banzhaf"``, ``"banzhaf_absolute"`` or ``"shapley"`` (aliases accepted).
    samples
        Number of sampled coalitions (Banzhaf) or orderings (Shapley-Shubik); with
        ``precision`` it is the most that will be drawn.  Default 100,000 when neither
        ``precision`` nor ``max_seconds`` is given.
    precision
        Stop once every member's half-width is at most this (e.g. ``0.001``).
    confidence
        Confidence level of each member's interval, in (0, 1) (default 0.99).
    seed
        Seed of the random generator (numpy PCG64); the same seed gives the same result.
    max_seconds
        Stop after about this much time: batches shrink to what is left of it, and a fixed
        ``samples`` that a first small batch shows would take longer is refused up front
        (:class:`~powershare.errors.ResourceLimitError`).
    progress
        Called after each batch as ``progress(samples_done, samples_target_or_None)``.
    batch
        Samples per batch (default: about 5 million member-slots per batch).

    Returns
    -------
    PowerResult
        ``is_exact=False``, ``exact=None``, ``floats`` the estimates, ``counts`` the sampled
        hits, ``denominator`` the number of samples, ``error_bound`` the largest half-width, and
        ``sampling`` (a :class:`~powershare.power.result.Sampling`): ``lower``, ``upper`` and
        ``halfwidths`` per member, ``samples``, ``confidence``, ``seed``, ``bound``,
        ``stopped`` (``"samples"``, ``"precision"`` or ``"time"``).

    Raises
    ------
    InvalidInputError
        For a bad ``samples``, ``precision`` or ``confidence``.
    MethodNotApplicableError
        For an index other than Banzhaf or Shapley-Shubik, or a non-circuit game over 62 members.
    """
    spec = get_index(index)
    if spec.quantity not in {"swings", "pivots"}:
        raise MethodNotApplicableError(
            f"Monte Carlo estimates Banzhaf and Shapley-Shubik values, not {spec.key!r}"
        )
    if not 0 < confidence < 1:
        raise InvalidInputError(f"confidence {confidence!r} must be between 0 and 1, e.g. 0.99")
    if precision is not None and not 0 < precision < 1:
        raise InvalidInputError(f"precision {precision!r} must be between 0 and 1, e.g. 0.001")
    if samples is not None and (
        isinstance(samples, bool) or not isinstance(samples, int) or samples < 2
    ):
        raise InvalidInputError(f"samples {samples!r} must be a whole number of at least 2")
    if max_seconds is not None and max_seconds <= 0:
        raise InvalidInputError(f"max_seconds {max_seconds!r} must be positive")
    if samples is None and precision is None and max_seconds is None:
        samples = 100_000
    n = game.n
    circuit = circuit_of(game)
    sampler: _CircuitSampler | _GenericSampler
    if circuit is not None:
        sampler = _CircuitSampler(circuit)
    elif n <= 62:
        sampler = _GenericSampler(game)
    else:
        raise MethodNotApplicableError(
            "Monte Carlo needs a weighted or compound rule, or a game of at most 62 members"
        )
    delta = 1 - confidence
    # simultaneous intervals for the ratio of the normalised Banzhaf index
    delta_member = delta / n if spec.key == "banzhaf" else delta
    rng = np.random.default_rng(seed)
    size = batch or max(1, min(200_000, 5_000_000 // max(n, 1)))
    if precision is not None and samples is None and max_seconds is None:
        samples = 10 * samples_for(precision, 1 - delta_member)  # a generous safety cap
    hits = np.zeros(n, dtype=np.int64)
    m = 0
    start = time.perf_counter()
    n_batches = 0
    checks = 0
    next_check = 1
    stopped = "samples"
    halfwidth = np.full(n, np.inf)
    check_delta = delta_member
    pilot = max_seconds is not None
    while True:
        b = size if samples is None else min(size, samples - m)
        if pilot:
            b = min(b, 1_000)  # a small first batch measures the speed
        elif max_seconds is not None and m:
            elapsed = time.perf_counter() - start
            per_sample = max(elapsed / m, 1e-9)
            b = min(b, max(1, int((max_seconds - elapsed) / per_sample)))
        if b <= 0:
            break
        if spec.quantity == "swings":
            packed = rng.integers(0, 256, size=(b, (n + 7) // 8), dtype=np.uint8)
            hits += np.asarray(sampler.swings(packed), dtype=np.int64)
        else:
            perm = rng.permuted(np.tile(np.arange(n, dtype=np.int64), (b, 1)), axis=1)
            hits += np.bincount(sampler.pivots(perm), minlength=n)
        m += b
        n_batches += 1
        if pilot:
            pilot = False
            _refuse_slow(samples, m, time.perf_counter() - start, max_seconds)
        if progress is not None:
            progress(m, samples)
        if precision is not None and n_batches == next_check:
            checks += 1
            next_check *= 2
            check_delta = delta_member / (checks * (checks + 1))
            halfwidth = _halfwidths(hits / m, m, check_delta)
            if halfwidth.max() <= _target(precision, spec.key, hits / m, halfwidth):
                stopped = "precision"
                break
        if max_seconds is not None and time.perf_counter() - start >= max_seconds:
            stopped = "time"
            break
    seconds = time.perf_counter() - start
    if precision is not None and stopped != "precision":
        checks += 1
        check_delta = delta_member / (checks * (checks + 1))
    p_hat = hits / m
    halfwidth = _halfwidths(p_hat, m, check_delta)
    lower = np.clip(p_hat - halfwidth, 0, 1)
    upper = np.clip(p_hat + halfwidth, 0, 1)
    if spec.key == "banzhaf":
        values, lower, upper = _normalise(p_hat, lower, upper)
    else:
        values = p_hat
    bound = float(np.max(np.maximum(values - lower, upper - values)))
    return PowerResult(
        index=spec.key,
        label=spec.label,
        names=game.names,
        exact=None,
        floats=tuple(float(v) for v in values),
        counts=tuple(int(h) for h in hits),
        count_label=f"sampled {spec.count_label}",
        denominator=m,
        method="monte-carlo",
        is_exact=False,
        seconds=seconds,
        error_bound=bound,
        sampling=Sampling(
            lower=tuple(float(v) for v in lower),
            upper=tuple(float(v) for v in upper),
            halfwidths=tuple(float(v) for v in np.maximum(values - lower, upper - values)),
            samples=m,
            confidence=confidence,
            seed=seed,
            bound="min(Hoeffding, empirical Bernstein)"
            + (", Bonferroni over members then ratio" if spec.key == "banzhaf" else ""),
            stopped=stopped,
        ),
    )


def _target(precision: float, key: str, p_hat: Array, halfwidth: Array) -> float:
    """Half-width of the absolute values that meets ``precision`` on the reported index."""
    if key != "banzhaf":
        return precision
    total = float(p_hat.sum())
    if total <= 0:
        return 0.0
    # normalised value = beta_i / sum: a change of h in each beta moves it by about h*(1+n*v)/sum
    n = p_hat.size
    return precision * total / (1 + n * float(p_hat.max()) / total)


def _normalise(p_hat: Array, lower: Array, upper: Array) -> tuple[Array, Array, Array]:
    total = p_hat.sum()
    values = p_hat / total if total > 0 else np.zeros_like(p_hat)
    lo_sum, hi_sum = lower.sum(), upper.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(lower > 0, lower / (lower + (hi_sum - upper)), 0.0)
        hi = np.where(upper > 0, upper / (upper + (lo_sum - lower)), 0.0)
    hi = np.nan_to_num(np.clip(hi, 0, 1), nan=1.0)
    return values, np.minimum(lo, values), np.maximum(hi, values)
