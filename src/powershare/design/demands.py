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
      - {party: B, block_with: [A]}
      - {party: B, not_dummy: true}
      - {cap: 35%}
    rank: {by: equal, distance: max_abs}
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from powershare.design.distance import get_distance
from powershare.design.evaluate import canonical_index
from powershare.design.settlement import Demand, Family, SettlementProblem
from powershare.errors import InvalidInputError, ParseError
from powershare.games.numbers import parse_exact

__all__ = ["DemandsFile", "load_demands", "parse_demands", "problem_from_data"]

_Quota = str | int | float


class _Seats(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int
    max: int


class _DemandModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    party: str | None = None
    min_share: _Quota | None = None
    max_share: _Quota | None = None
    cap: _Quota | None = None
    veto: bool | None = None
    block_with: list[str] | None = None
    not_dummy: bool | None = None
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


def _demand(d: _DemandModel, i: int, default_index: str) -> Demand:
    where = f"demand {i + 1}"
    kinds = [
        k
        for k in ("min_share", "max_share", "cap", "veto", "block_with", "not_dummy")
        if getattr(d, k) not in (None, False)
    ]
    if len(kinds) != 1:
        raise InvalidInputError(
            f"{where} states {len(kinds)} demands ({', '.join(kinds) or 'none'}); give exactly "
            "one of min_share, max_share, cap, veto, block_with, not_dummy"
        )
    kind = kinds[0]
    index = canonical_index(d.index or default_index)
    if kind == "cap":
        if d.party is not None:
            raise InvalidInputError(f"{where}: a cap applies to every member; drop 'party'")
        return Demand("cap", None, _share(d.cap, f"{where} cap"), index=index, label=d.label or "")
    if d.party is None:
        raise InvalidInputError(f"{where} ({kind}) needs 'party'")
    if kind in ("min_share", "max_share"):
        value = _share(getattr(d, kind), f"{where} {kind}")
        return Demand(kind, d.party, value, index=index, label=d.label or "")  # type: ignore[arg-type]
    if kind == "block_with":
        allies = tuple(d.block_with or ())
        if not allies:
            raise InvalidInputError(f"{where}: block_with lists no allies; use veto: true")
        return Demand("block_with", d.party, allies=allies, label=d.label or "")
    return Demand(kind, d.party, label=d.label or "")  # type: ignore[arg-type]


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


def problem_from_data(data: object, source: str = "demands") -> SettlementProblem:
    """A :class:`SettlementProblem` from parsed YAML/JSON data.

    Raises
    ------
    ParseError
        For any schema mistake, naming the field.
    """
    try:
        model = DemandsFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ParseError(f"{source}: {place}: {first['msg']}") from None
    try:
        index = canonical_index(model.index)
        names = tuple(model.members)
        seats: list[tuple[int, int]] = []
        for s in model.members.values():
            seats.append((s, s) if isinstance(s, int) else (s.min, s.max))
        rank_index = canonical_index(model.rank.index or index)
        return SettlementProblem(
            names=names,
            seats=tuple(seats),
            demands=tuple(_demand(d, i, index) for i, d in enumerate(model.demands)),
            families=tuple(_family(f) for f in model.families),
            total_seats=model.total_seats,
            blocs=tuple((b, tuple(m)) for b, m in model.blocs.items()),
            rank_by=model.rank.by,
            rank_index=rank_index,
            rank_distance=get_distance(model.rank.distance),
            title=model.title,
        )
    except InvalidInputError as exc:
        raise ParseError(f"{source}: {exc}") from None


def parse_demands(text: str, source: str = "demands") -> SettlementProblem:
    """A problem from YAML (or JSON) text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParseError(f"{source}: not valid YAML/JSON: {str(exc).splitlines()[0]}") from None
    return problem_from_data(data, source)


def load_demands(path: str | Path) -> SettlementProblem:
    """Read a demands file (``.yaml``, ``.yml`` or ``.json``)."""
    p = Path(path)
    if not p.is_file():
        raise InvalidInputError(f"demands file {str(path)!r} does not exist")
    text = p.read_text(encoding="utf-8")
    if p.suffix.lower() == ".json":
        try:
            return problem_from_data(json.loads(text), p.name)
        except json.JSONDecodeError as exc:
            raise ParseError(f"{p.name}: not valid JSON: {exc}") from None
    return parse_demands(text, p.name)
