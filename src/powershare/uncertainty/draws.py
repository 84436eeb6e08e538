"""Drawing seat vectors from an uncertain scenario, or enumerating them exactly.

Reproducibility: the draws of chunk ``k`` of a run with seed ``s`` come from
``numpy.random.default_rng(SeedSequence(s, spawn_key=(k,)))``, which is the ``k``-th child of
``SeedSequence(s).spawn(...)`` (numpy's documented scheme for independent parallel streams;
O'Neill 2015, PCG).  A chunk's draws depend on ``(s, k)`` only, never on which worker runs it
or in which order, so a run on one process, on ``N`` Dask workers or resumed after a crash
gives the same table.

>>> from powershare.uncertainty.model import scenario_from_mapping
>>> s = scenario_from_mapping({"members": [{"name": "A", "seats": [1, 2]},
...                                        {"name": "B", "seats": 2}],
...                            "rule": {"quota": "majority"}})
>>> [(w.tolist(), str(p)) for w, p in enumerate_seats(s)]
[([1, 2], '1/2'), ([2, 2], '1/2')]
>>> draw_seats(s, 4, seed=7, chunk=0).tolist() == draw_seats(s, 4, seed=7, chunk=0).tolist()
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from powershare.apportion import apportion
from powershare.errors import InvalidInputError
from powershare.uncertainty.model import SeatRule, UncertainScenario

__all__ = ["chunk_rng", "draw_seats", "enumerate_seats"]

Seats = npt.NDArray[np.int64]


def chunk_rng(seed: int, chunk: int) -> np.random.Generator:
    """The generator of chunk ``chunk`` of a run seeded ``seed`` (``SeedSequence.spawn``).

    >>> a = chunk_rng(1, 3).integers(1000)
    >>> b = np.random.default_rng(np.random.SeedSequence(1).spawn(4)[3]).integers(1000)
    >>> bool(a == b)
    True
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk,)))


def _apportion_rows(
    names: list[str], values: npt.NDArray[np.float64], rule: SeatRule, rng: np.random.Generator
) -> Seats:
    """Seats per row of ``values`` (populations or votes) by ``rule``; ties drawn by lot with
    a seed taken from ``rng`` (so they too are reproducible)."""
    rows = values.shape[0]
    out = np.zeros((rows, len(names)), dtype=np.int64)
    tie_seeds = np.asarray(rng.integers(0, 2**31 - 1, size=rows), dtype=np.int64)
    ints: npt.NDArray[np.int64] = np.maximum(np.rint(values), 1).astype(np.int64)
    for r in range(rows):
        result = apportion(
            list(zip(names, (int(v) for v in ints[r]), strict=True)),
            rule.seats,
            rule.method,
            threshold=rule.threshold,
            tie_break="lot",
            seed=int(tie_seeds[r]),
        )
        out[r] = result.seats
    return out


def draw_seats(scenario: UncertainScenario, draws: int, *, seed: int, chunk: int) -> Seats:
    """``draws`` seat vectors (rows; columns in :attr:`UncertainScenario.names` order).

    The order of the random calls is fixed: seat members in their order, then populations
    (independently, or jointly by a Dirichlet draw), then the poll, then the lots for ties.
    """
    rng = chunk_rng(seed, chunk)
    members = scenario.members
    n_listed = len(members)
    extra = len(scenario.poll.parties) if scenario.poll else 0
    out = np.zeros((draws, n_listed + extra), dtype=np.int64)
    pop_cols: list[int] = []
    for j, m in enumerate(members):
        if m.seats is not None:
            out[:, j] = m.seats.draw(rng, draws)
        else:
            pop_cols.append(j)
    if pop_cols:
        dists = [members[j].population for j in pop_cols]
        if scenario.joint is not None:
            means = np.array([d.mean for d in dists if d is not None])
            total = means.sum()
            pops = rng.dirichlet(scenario.joint * means / total, draws) * total
        else:
            pops = np.column_stack([d.draw(rng, draws) for d in dists if d is not None])
        assert scenario.apportionment is not None
        seats = _apportion_rows(
            [members[j].name for j in pop_cols], pops, scenario.apportionment, rng
        )
        out[:, pop_cols] = seats
    if scenario.poll is not None:
        poll = scenario.poll
        alpha = np.array(poll.shares) * poll.sample_size + poll.prior
        votes = rng.dirichlet(alpha, draws) * poll.voters
        out[:, n_listed:] = _apportion_rows(list(poll.parties), votes, poll.rule, rng)
    return out


def enumerate_seats(scenario: UncertainScenario) -> Iterator[tuple[Seats, Fraction]]:
    """Every seat vector of a finite scenario with its exact probability.

    Seats are independent across members; populations must be fixed (then apportioned once).

    Raises
    ------
    InvalidInputError
        When the scenario is not finite (a poll, uncertain populations, continuous seats).
    """
    if scenario.space_size() is None:
        raise InvalidInputError(
            "this scenario has continuous or poll inputs: draw, don't enumerate"
        )
    fixed_pop = np.zeros(len(scenario.names), dtype=np.int64)
    pop_cols = [j for j, m in enumerate(scenario.members) if m.population is not None]
    if pop_cols:
        assert scenario.apportionment is not None
        pops = np.array(
            [[scenario.members[j].population.params[0] for j in pop_cols]],  # type: ignore[union-attr]
            dtype=np.float64,
        )
        names = [scenario.members[j].name for j in pop_cols]
        seats = _apportion_rows(names, pops, scenario.apportionment, np.random.default_rng(0))
        fixed_pop[pop_cols] = seats[0]
    supports = [
        m.seats.support() if m.seats is not None else ((0, Fraction(1)),) for m in scenario.members
    ]
    for combo in itertools.product(*supports):
        row = fixed_pop.copy()
        prob = Fraction(1)
        for j, (value, p) in enumerate(combo):
            if scenario.members[j].seats is not None:
                row[j] = value
            prob *= p
        if prob:
            yield row, prob
