"""Reading a settlement problem (a *demands file*, YAML or JSON) at the edge.

The file is checked with pydantic and turned into a
:class:`~powershare.design.settlement.SettlementProblem`; any mistake is one
:class:`~powershare.errors.ParseError` naming the place and what is allowed.

Example::

    title: Ten-party settlement
    index: banzhaf            # default index of the demands and the ranking
    members:                  # seats fixed, or {min: .., max: ..} with total_seats
      A: 22
      B: {min: 16, max: 20}
    total_seats: 100
    blocs:                    # for the bloc_consent and two_tier families
      North: [A, B]
    families:
      - weighted
      - {type: veto, max_size: 2}
      - {type: bloc_consent, required: [1, 2], bloc_quota: [majority]}
      - {type: two_tier, upper: [seats, equal]}
    demands:
      - {party: A, min_share: 20%}
      - {party: B, max_share: 30%, index: shapley}
      - {party: A, veto: true}
      - {party: B, veto: false}          # B must not hold a veto
      - {party: B, block_with: [A]}
      - {party: A, cannot_block_with: [B]}
      - {party: B, not_dummy: true}
      - {cap: 35%}
      - {min_decisiveness: 5%}          # Coleman's power of the collectivity to act
    rank: {by: equal, distance: max_abs}   # by: equal | seats | population | decisiveness

Members may carry a population (``A: {seats: 22, population: 1200000}``, or with ``min`` and
``max``) for ``rank: {by: population}``.  Mistakes are reported with their line numbers.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from powershare.design.distance import get_distance
from powershare.design.evaluate import canonical_index
from powershare.design.settlement import Demand, Family, SettlementProblem
from powershare.errors import InvalidInputError, ParseError
from powershare.games.fileformat import (
    parse_data,
    read_text_file,
    validation_message,
    yaml_key_lines,
)
from powershare.games.numbers import parse_exact

__all__ = ["DemandsFile", "load_demands", "parse_demands", "problem_from_data"]

_Quota = str | int | float


class _Seats(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int | None = None
    max: int | None = None
    seats: int | None = None
    population: _Quota | None = None


class _DemandModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    party: str | None = None
    min_share: _Quota | None = None
    max_share: _Quota | None = None
    cap: _Quota | None = None
    veto: bool | None = None
    block_with: list[str] | None = None
    cannot_block_with: list[str] | None = None
    not_dummy: bool | None = None
    min_decisiveness: _Quota | None = None
    index: str | None = None
    label: str | None = None


class _FamilyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str
    quota: tuple[_Quota, _Quota] | None = None
    bloc_quota: list[_Quota] | None = None
    required: list[int] | None = None
    upper: list[str] | None = None
    members: list[str] | None = None
    max_size: int = Field(default=3, ge=1)


class _RankModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: str = "equal"
    distance: str = "max_abs"
    index: str | None = None


class DemandsFile(BaseModel):
    """The schema of a demands file (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")
    title: str = ""
    index: str = "banzhaf"
    members: dict[str, int | _Seats]
    total_seats: int | None = None
    blocs: dict[str, list[str]] = Field(default_factory=dict)
    families: list[str | _FamilyModel] = Field(default_factory=lambda: ["weighted"])  # type: ignore[arg-type]
    demands: list[_DemandModel] = Field(default_factory=list)
    rank: _RankModel = Field(default_factory=_RankModel)

    @field_validator("members")
    @classmethod
    def _some_members(cls, v: dict[str, Any]) -> dict[str, Any]:
        if not v:
            raise ValueError("list at least one member")
        return v


def _share(value: object, where: str) -> Fraction:
    x = parse_exact(value, what=where)
    if not 0 <= x <= 1:
        raise InvalidInputError(f"{where} is {value!r}; give a share from 0 to 100% (e.g. 25%)")
    return x


_KEYS = (
    "min_share",
    "max_share",
    "cap",
    "veto",
    "block_with",
    "cannot_block_with",
    "not_dummy",
    "min_decisiveness",
)


def _demand(d: _DemandModel, i: int, default_index: str, line: int | None = None) -> Demand:
    where = f"demand {i + 1}" + (f" (line {line})" if line else "")
    kinds = [k for k in _KEYS if getattr(d, k) is not None and (k != "not_dummy" or d.not_dummy)]
    if len(kinds) != 1:
        raise InvalidInputError(
            f"{where} states {len(kinds)} demands ({', '.join(kinds) or 'none'}); give exactly "
            "one of " + ", ".join(_KEYS)
        )
    kind = kinds[0]
    index = canonical_index(d.index or default_index)
    if kind == "min_decisiveness":
        if d.party is not None:
            raise InvalidInputError(f"{where}: min_decisiveness is about the rule; drop 'party'")
        value = _share(d.min_decisiveness, f"{where} min_decisiveness")
        return Demand("min_decisiveness", None, value, label=d.label or "", line=line)
    if kind == "cap":
        if d.party is not None:
            raise InvalidInputError(f"{where}: a cap applies to every member; drop 'party'")
        value = _share(d.cap, f"{where} cap")
        return Demand("cap", None, value, index=index, label=d.label or "", line=line)
    if d.party is None:
        raise InvalidInputError(f"{where} ({kind}) needs 'party'")
    if kind in ("min_share", "max_share"):
        value = _share(getattr(d, kind), f"{where} {kind}")
        return Demand(kind, d.party, value, index=index, label=d.label or "", line=line)  # type: ignore[arg-type]
    if kind in ("block_with", "cannot_block_with"):
        allies = tuple(getattr(d, kind) or ())
        if not allies:
            alone = "veto: true" if kind == "block_with" else "veto: false"
            raise InvalidInputError(f"{where}: {kind} lists no allies; use {alone}")
        return Demand(kind, d.party, allies=allies, label=d.label or "", line=line)  # type: ignore[arg-type]
    if kind == "veto" and d.veto is False:
        return Demand("no_veto", d.party, label=d.label or "", line=line)
    return Demand(kind, d.party, label=d.label or "", line=line)  # type: ignore[arg-type]


def _family(f: str | _FamilyModel) -> Family:
    if isinstance(f, str):
        return Family(f.strip().lower())
    kind = f.type.strip().lower()
    return Family(
        kind,
        quota_range=tuple(f.quota) if f.quota else ("majority", "100%"),  # type: ignore[arg-type]
        bloc_quotas=tuple(f.bloc_quota) if f.bloc_quota else ("majority",),
        required=tuple(f.required or ()),
        upper=tuple(f.upper) if f.upper else ("seats", "equal"),
        vetoers=tuple(f.members or ()),
        max_size=f.max_size,
    )


def _member(name: str, s: int | _Seats, line: int | None) -> tuple[tuple[int, int], object]:
    if isinstance(s, int):
        return (s, s), None
    where = f"member {name!r}" + (f" (line {line})" if line else "")
    if s.seats is not None and (s.min is not None or s.max is not None):
        raise InvalidInputError(f"{where}: give seats, or min and max, not both")
    if s.seats is not None:
        return (s.seats, s.seats), s.population
    if s.min is None or s.max is None:
        raise InvalidInputError(f"{where}: give seats, or both min and max")
    return (s.min, s.max), s.population


def problem_from_data(
    data: object, source: str = "demands", lines: dict[str, int] | None = None
) -> SettlementProblem:
    """A :class:`SettlementProblem` from parsed YAML/JSON data.

    ``lines`` maps dotted key paths to line numbers
    (:func:`powershare.games.fileformat.yaml_key_lines`) for the messages.

    Raises
    ------
    ParseError
        For any schema mistake, naming the field (and its line, when known).
    """
    lines = lines or {}
    try:
        model = DemandsFile.model_validate(data)
    except ValidationError as exc:
        raise ParseError(
            validation_message(
                exc,
                source=source,
                lines=lines,
                unknown_key_hint="Extra inputs are not permitted (unknown key)",
            )
        ) from None
    try:
        index = canonical_index(model.index)
        names = tuple(model.members)
        seats: list[tuple[int, int]] = []
        pops: list[object] = []
        for name, s in model.members.items():
            rng, pop = _member(name, s, lines.get(f"members.{name}"))
            seats.append(rng)
            pops.append(pop)
        populations = None
        if any(p is not None for p in pops):
            if any(p is None for p in pops):
                missing = [n for n, p in zip(names, pops, strict=True) if p is None]
                raise InvalidInputError(
                    f"populations are given for some members only; missing: {', '.join(missing)}"
                )
            populations = tuple(
                parse_exact(p, what=f"population of {n!r}")
                for n, p in zip(names, pops, strict=True)
            )
        rank_index = canonical_index(model.rank.index or index)
        return SettlementProblem(
            names=names,
            seats=tuple(seats),
            demands=tuple(
                _demand(d, i, index, lines.get(f"demands.{i}")) for i, d in enumerate(model.demands)
            ),
            families=tuple(_family(f) for f in model.families),
            total_seats=model.total_seats,
            blocs=tuple((b, tuple(m)) for b, m in model.blocs.items()),
            rank_by=model.rank.by,
            rank_index=rank_index,
            rank_distance=get_distance(model.rank.distance),
            title=model.title,
            populations=populations,
        )
    except InvalidInputError as exc:
        raise ParseError(f"{source}: {exc}") from None


def parse_demands(text: str, source: str = "demands") -> SettlementProblem:
    """A problem from YAML (or JSON) text."""
    data = parse_data(text, source=source, is_json=False)  # bounded: depth, aliases, digits
    return problem_from_data(data, source, yaml_key_lines(text))


def load_demands(path: str | Path) -> SettlementProblem:
    """Read a demands file (``.yaml``, ``.yml`` or ``.json``)."""
    p = Path(path)
    text = read_text_file(p, what="demands file")  # regular files within the size bound
    if p.suffix.lower() == ".json":
        return problem_from_data(parse_data(text, source=p.name, is_json=True), p.name)
    return parse_demands(text, p.name)
