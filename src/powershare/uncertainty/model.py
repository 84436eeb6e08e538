"""An uncertain scenario: a body whose seats, populations or votes are not known yet.

Scenario file (YAML or JSON)::

    name: Council after an election that has not happened
    members:
      - {name: A, seats: 40}                       # known
      - {name: B, seats: [10, 14]}                 # any of 10..14, equally likely
      - {name: C, seats: {triangular: [8, 10, 14]}}
      - {name: D, population: {normal: {mean: 1.2e6, sd: 1e5, low: 9e5, high: 1.5e6}}}
      - {name: E, population: 800000}
    apportion: {method: sainte-lague, seats: 20}    # seats of the members given by population
    joint: {dirichlet: 400}       # optional: populations drawn jointly (Dirichlet)
    poll:                         # optional: parties whose seats come from a poll
      sample_size: 1000
      shares: {F: 38, G: 31, H: 4}
      method: dhondt
      seats: 60
      threshold: 5%
    rule: {quota: majority}
    index: [banzhaf, shapley]     # first one is the headline
    allies: {A+B: [A, B]}         # probability that these can block together
    demands:                      # as in a design demands file (docs/design.md)
      - {party: A, veto: true}
      - {party: B, min_share: 10%}

Uncertain quantities are written as in :mod:`powershare.uncertainty.distributions`.  A poll
is turned into votes by a Dirichlet draw around the shares with ``sample_size`` respondents
(the posterior of a multinomial sample under a flat Dirichlet prior; Gelman et al., *Bayesian
Data Analysis*, 3rd ed., §3.4), the votes into seats by :func:`powershare.apportion.apportion`
with the named method and threshold.

>>> s = scenario_from_mapping({"members": [{"name": "A", "seats": [1, 3]},
...                                        {"name": "B", "seats": 2}],
...                            "rule": {"quota": "majority"}})
>>> s.names, s.space_size()
(('A', 'B'), 3)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powershare.apportion import METHOD_NAMES
from powershare.design.demands import problem_from_data
from powershare.design.evaluate import canonical_index
from powershare.design.settlement import Demand
from powershare.errors import InvalidInputError, ParseError
from powershare.games.fileformat import load_mapping, read_text_file
from powershare.games.numbers import parse_exact
from powershare.games.quota import parse_quota
from powershare.uncertainty.distributions import Distribution, parse_distribution

__all__ = [
    "SeatRule",
    "Poll",
    "UncertainMember",
    "UncertainScenario",
    "load_uncertain",
    "scenario_from_mapping",
]

_TOP_KEYS = {
    "name",
    "description",
    "source",
    "members",
    "apportion",
    "joint",
    "poll",
    "rule",
    "index",
    "allies",
    "demands",
    "sweep",
}


@dataclass(frozen=True)
class UncertainMember:
    """A member whose seats are given (``seats``) or come from a population (``population``)."""

    name: str
    seats: Distribution | None = None
    population: Distribution | None = None


@dataclass(frozen=True)
class SeatRule:
    """How populations (or poll votes) become seats: method, house size, threshold."""

    method: str
    seats: int
    threshold: str | None = None


@dataclass(frozen=True)
class Poll:
    """Poll shares and sample size; votes are Dirichlet draws (``alpha = share * n + prior``)."""

    parties: tuple[str, ...]
    shares: tuple[float, ...]
    sample_size: int
    rule: SeatRule
    prior: float = 1.0
    voters: int = 1_000_000


@dataclass(frozen=True)
class UncertainScenario:
    """A body with uncertain seats, populations or votes, and what to ask about it.

    Attributes
    ----------
    members
        The members with seats or populations; poll parties follow them in :attr:`names`.
    quota
        The rule's quota as written (``"majority"``, ``"2/3"``, ``126``): resolved per draw.
    indices
        Power indices to summarise (registered keys); the first is the headline.
    allies
        ``(label, member names)``: groups whose joint blocking power is asked about.
    demands
        Settlement demands (:class:`powershare.design.settlement.Demand`).
    apportionment, poll, joint
        Population apportionment, the poll, the Dirichlet concentration for joint populations.
    """

    name: str
    members: tuple[UncertainMember, ...]
    quota: str
    indices: tuple[str, ...] = ("banzhaf",)
    allies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    demands: tuple[Demand, ...] = ()
    apportionment: SeatRule | None = None
    poll: Poll | None = None
    joint: float | None = None
    sweep: Mapping[str, Any] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """All members in order: listed members, then poll parties."""
        extra = self.poll.parties if self.poll else ()
        return tuple(m.name for m in self.members) + extra

    def space_size(self) -> int | None:
        """Number of distinct input scenarios when every uncertain input is finite, else None."""
        if self.poll is not None:
            return None
        size = 1
        for m in self.members:
            d = m.seats if m.seats is not None else m.population
            assert d is not None
            if m.population is not None and not d.is_fixed:
                return None
            if not d.finite:
                return None
            size *= len(d.support())
        return size

    def with_rule(
        self, *, method: str | None = None, quota: str | None = None
    ) -> UncertainScenario:
        """The same scenario under another apportionment method and/or quota (for sweeps)."""
        out = self
        if quota is not None:
            _check_quota(quota)
            out = dataclasses.replace(out, quota=quota)
        if method is not None:
            _check_method(method)
            if out.apportionment is not None:
                out = dataclasses.replace(
                    out, apportionment=dataclasses.replace(out.apportionment, method=method)
                )
            if out.poll is not None:
                rule = dataclasses.replace(out.poll.rule, method=method)
                out = dataclasses.replace(out, poll=dataclasses.replace(out.poll, rule=rule))
        return out

    def fingerprint(self) -> str:
        """A stable text of everything that determines the draws and their evaluation."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True, default=str)


def _check_method(method: str) -> None:
    if method not in METHOD_NAMES:
        raise InvalidInputError(
            f"apportionment method {method!r} is not known; allowed: {', '.join(METHOD_NAMES)}"
        )


def _check_quota(quota: object) -> str:
    if isinstance(quota, bool) or quota is None:
        raise InvalidInputError(f"quota {quota!r}: write e.g. majority, 2/3, 60% or 126")
    parse_quota(quota)
    return str(quota)


def _apportionment(spec: object, what: str) -> SeatRule:
    if not isinstance(spec, Mapping) or "seats" not in spec:
        raise InvalidInputError(f"{what}: write {{method: sainte-lague, seats: N, threshold: 5%}}")
    unknown = set(spec) - {"method", "seats", "threshold"}
    if unknown:
        raise InvalidInputError(f"{what}: unknown key(s) {', '.join(sorted(unknown))}")
    method = str(spec.get("method", "sainte-lague"))
    _check_method(method)
    seats = spec["seats"]
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise InvalidInputError(f"{what}: seats {seats!r} must be a whole number, 1 or more")
    threshold = spec.get("threshold")
    return SeatRule(method, seats, None if threshold is None else str(threshold))


def _poll(spec: object) -> Poll:
    if not isinstance(spec, Mapping):
        raise InvalidInputError("poll: write {sample_size: N, shares: {A: 40, ...}, seats: S}")
    unknown = set(spec) - {"sample_size", "shares", "method", "seats", "threshold", "prior"}
    if unknown:
        raise InvalidInputError(f"poll: unknown key(s) {', '.join(sorted(unknown))}")
    shares = spec.get("shares")
    if not isinstance(shares, Mapping) or len(shares) < 2:
        raise InvalidInputError("poll.shares: give at least two parties with their shares")
    values = tuple(float(parse_exact(v, what=f"poll share of {k!r}")) for k, v in shares.items())
    if any(v < 0 for v in values) or sum(values) <= 0:
        raise InvalidInputError("poll.shares must be 0 or more and not all 0")
    total = sum(values)
    size = spec.get("sample_size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InvalidInputError(f"poll.sample_size {size!r} must be a whole number, 1 or more")
    prior = float(parse_exact(spec.get("prior", 1), what="poll.prior"))
    if prior <= 0:
        raise InvalidInputError(f"poll.prior {prior!r} must be more than 0")
    rule = _apportionment(
        {k: spec[k] for k in ("method", "seats", "threshold") if k in spec}, "poll"
    )
    return Poll(
        tuple(str(k) for k in shares),
        tuple(v / total for v in values),
        size,
        rule,
        prior,
    )


def _member(entry: object, i: int) -> UncertainMember:
    where = f"members[{i}]"
    if not isinstance(entry, Mapping) or "name" not in entry:
        raise InvalidInputError(
            f"{where}: write {{name: A, seats: 12}} or {{name: A, population: ...}}"
        )
    unknown = set(entry) - {"name", "seats", "weight", "population"}
    if unknown:
        raise InvalidInputError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = str(entry["name"])
    seats = entry.get("seats", entry.get("weight"))
    population = entry.get("population")
    if (seats is None) == (population is None):
        raise InvalidInputError(f"{where} ({name}): give either seats or population")
    if seats is not None:
        return UncertainMember(
            name, seats=parse_distribution(seats, integer=True, what=f"seats of {name!r}")
        )
    pop = parse_distribution(population, integer=False, what=f"population of {name!r}")
    return UncertainMember(name, population=pop)


def _demands(raw: object, names: tuple[str, ...], index: str) -> tuple[Demand, ...]:
    if not raw:
        return ()
    problem = problem_from_data(
        {"members": {n: 1 for n in names}, "demands": raw, "index": index}, source="demands"
    )
    return problem.demands


def scenario_from_mapping(
    data: Mapping[str, Any], *, source: str = "scenario"
) -> UncertainScenario:
    """Validate parsed YAML/JSON into an :class:`UncertainScenario`.

    Raises
    ------
    ParseError
        Naming ``source`` and the first problem.
    """
    try:
        return _from_mapping(data)
    except InvalidInputError as exc:
        raise ParseError(f"{source}: {exc}") from None


def _from_mapping(data: Mapping[str, Any]) -> UncertainScenario:
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise InvalidInputError(
            f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_TOP_KEYS))}"
        )
    raw_members = data.get("members") or []
    if not isinstance(raw_members, list):
        raise InvalidInputError("members: write a list of {name: ..., seats: ...}")
    members = tuple(_member(e, i) for i, e in enumerate(raw_members))
    poll = _poll(data["poll"]) if "poll" in data else None
    names = tuple(m.name for m in members) + (poll.parties if poll else ())
    if len(names) < 1:
        raise InvalidInputError("list at least one member (or a poll)")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InvalidInputError(f"member(s) {', '.join(dup)} listed twice")
    has_pop = any(m.population is not None for m in members)
    apport = _apportionment(data["apportion"], "apportion") if "apportion" in data else None
    if has_pop and apport is None:
        raise InvalidInputError("members with a population need apportion: {method, seats}")
    joint = _joint(data.get("joint"))
    if joint is not None and not has_pop:
        raise InvalidInputError("joint: dirichlet applies to members given by population")
    rule = data.get("rule")
    if not isinstance(rule, Mapping) or "quota" not in rule:
        raise InvalidInputError("rule: write {quota: majority} (or 2/3, 60%, 126)")
    if set(rule) - {"quota", "type"} or rule.get("type", "weighted") != "weighted":
        raise InvalidInputError("rule: uncertain scenarios take a weighted quota only")
    quota = _check_quota(rule["quota"])
    raw_index = data.get("index", "banzhaf")
    listed = [raw_index] if isinstance(raw_index, str) else list(raw_index)
    try:
        indices = tuple(dict.fromkeys(canonical_index(str(k)) for k in listed))
    except Exception as exc:  # the registry's own error names the allowed keys
        raise InvalidInputError(str(exc)) from None
    allies = _allies(data.get("allies"), names)
    demands = _demands(data.get("demands"), names, indices[0])
    sweep = data.get("sweep")
    if sweep is not None and not isinstance(sweep, Mapping):
        raise InvalidInputError("sweep: write {quotas: [...], methods: [...]}")
    return UncertainScenario(
        name=str(data.get("name") or "uncertain scenario"),
        members=members,
        quota=quota,
        indices=indices,
        allies=allies,
        demands=demands,
        apportionment=apport,
        poll=poll,
        joint=joint,
        sweep=dict(sweep) if sweep else None,
    )


def _joint(spec: object) -> float | None:
    if spec is None:
        return None
    if not isinstance(spec, Mapping) or set(spec) != {"dirichlet"}:
        raise InvalidInputError("joint: write {dirichlet: CONCENTRATION}, e.g. {dirichlet: 400}")
    value = float(parse_exact(spec["dirichlet"], what="joint.dirichlet"))
    if value <= 0:
        raise InvalidInputError(f"joint.dirichlet {value!r} must be more than 0")
    return value


def _allies(spec: object, names: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if spec is None:
        return ()
    if not isinstance(spec, Mapping):
        raise InvalidInputError("allies: write {label: [member, member, ...]}")
    out = []
    for label, group in spec.items():
        if not isinstance(group, list) or not group:
            raise InvalidInputError(f"allies.{label}: list the members of the group")
        missing = [g for g in group if g not in names]
        if missing:
            raise InvalidInputError(f"allies.{label}: {', '.join(map(str, missing))} not a member")
        out.append((str(label), tuple(str(g) for g in group)))
    return tuple(out)


def load_uncertain(path: str | Path) -> UncertainScenario:
    """Read an uncertain scenario file (YAML, or JSON by its ``.json`` suffix).

    Examples
    --------
    >>> s = load_uncertain("examples/uncertain_council.yaml")
    >>> s.names[:2], s.space_size()
    (('Pashtun', 'Tajik'), 1287)
    """
    path = Path(path)
    text = read_text_file(path, what="scenario file")
    data = load_mapping(text, source=str(path), is_json=path.suffix.lower() == ".json")
    return scenario_from_mapping(data, source=str(path))
