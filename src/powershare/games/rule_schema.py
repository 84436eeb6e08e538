"""The scenario-file schema for rules as they are written (YAML or JSON, one schema).

A scenario is a mapping with ``members`` (a list of members with a ``name`` and any number of
columns, e.g. ``weight``, ``population``, ``seats``, ``community``) and a ``rule``.  A member
entry with ``count: k`` stands for ``k`` members named ``"<name> 1" .. "<name> k"``.

Rule kinds (``type:``), which nest freely:

``weighted``       ``{weight: <column, default "weight">,
                   quota: 12 | "2/3" | "65%" | majority, label}``
``all_of``         ``{criteria: [<rule>, ...]}``: every part must pass
``any_of``         ``{criteria: [<rule>, ...]}``: at least one part must pass
``veto``           ``{members: [<name>, ...]}``: each listed member must approve
``at_least``       ``{count: k, among: [<name>, ...] (optional)}``: at least k members approve
``bloc_consent``   ``{required: m | all, blocs: [{name, members, rule}], or group_by: <column>,
                   groups: [<value>, ...] (optional), bloc_rule: <rule> (default: majority)}``
``two_tier``       ``{group_by: <column naming each member's unit>, units: [{name, <columns>,
                   rule (optional)}], unit_rule: <rule> (default majority), upper: <rule over
                   units, using the units' columns>, split: false}``
``minimal_winning`` ``{coalitions: [[<name>, ...], ...]}``

A rule without ``type`` but with a ``quota`` is ``weighted``.  See ``docs/rules.md`` for a worked
example of each kind.  Errors name the key path (``rule.criteria[1].quota``) and, for YAML text,
the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from powershare.errors import InvalidInputError, ParseError
from powershare.games.base import SimpleGame
from powershare.games.body import expand_members
from powershare.games.compound import (
    AllOf,
    AnyOf,
    AtLeast,
    Bloc,
    BlocConsent,
    Criterion,
    MinimalWinning,
    TwoTier,
    Veto,
)
from powershare.games.fileformat import (
    check_member_count,
    load_mapping,
    read_text_file,
    validation_message,
    yaml_key_lines,
)
from powershare.games.scenario_header import ScenarioHeader
from powershare.games.weighted import WeightedGame

__all__ = ["RuleScenario", "load_rule_scenario", "parse_rule_text", "rule_from_data"]

Number = int | float | str
_RULE_KEYS = ("criteria", "bloc_rule", "unit_rule", "upper", "rule")


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WeightedRule(_Rule):
    type: Literal["weighted"]
    weight: str = "weight"
    quota: Number
    label: str | None = None

    @field_validator("quota", mode="before")
    @classmethod
    def _no_bool(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError(
                "must be a quota such as 12, '2/3', '65%' or 'majority', not true/false"
            )
        return value


class AllOfRule(_Rule):
    type: Literal["all_of"]
    criteria: list[Rule] = Field(min_length=1)


class AnyOfRule(_Rule):
    type: Literal["any_of"]
    criteria: list[Rule] = Field(min_length=1)


class VetoRule(_Rule):
    type: Literal["veto"]
    members: list[str] = Field(min_length=1)


class AtLeastRule(_Rule):
    type: Literal["at_least"]
    count: int = Field(ge=1)
    among: list[str] | None = None


class BlocSpec(_Rule):
    name: str = Field(min_length=1)
    members: list[str] = Field(min_length=1)
    rule: Rule | None = None


class BlocConsentRule(_Rule):
    type: Literal["bloc_consent"]
    required: int | Literal["all"] = "all"
    blocs: list[BlocSpec] | None = None
    group_by: str | None = None
    groups: list[str] | None = None
    bloc_rule: Rule | None = None


class UnitSpec(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    rule: Rule | None = None


class TwoTierRule(_Rule):
    type: Literal["two_tier"]
    group_by: str
    units: list[UnitSpec] = Field(min_length=1)
    unit_rule: Rule | None = None
    upper: Rule
    split: bool = False


class MinimalWinningRule(_Rule):
    type: Literal["minimal_winning"]
    coalitions: list[list[str]] = Field(min_length=1)


Rule = Annotated[
    WeightedRule
    | AllOfRule
    | AnyOfRule
    | VetoRule
    | AtLeastRule
    | BlocConsentRule
    | TwoTierRule
    | MinimalWinningRule,
    Field(discriminator="type"),
]


class MemberEntry(BaseModel):
    """A member (or ``count`` alike members) with its columns."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    count: int | None = Field(default=None, ge=1)


class RuleScenario(ScenarioHeader):
    """A whole scenario file with a compound rule."""

    members: list[MemberEntry] = Field(min_length=1)
    rule: Rule


for _model in (
    AllOfRule,
    AnyOfRule,
    BlocSpec,
    BlocConsentRule,
    UnitSpec,
    TwoTierRule,
    RuleScenario,
):
    _model.model_rebuild()


# -- defaults and error paths --------------------------------------------------------------------
def _default_types(node: Any) -> Any:
    """Give ``type: weighted`` to rule mappings that have a quota and no type."""
    if isinstance(node, dict):
        out = dict(node)
        if "type" not in out and "quota" in out:
            out["type"] = "weighted"
        for key in _RULE_KEYS:
            if key in out:
                value = out[key]
                out[key] = (
                    [_default_types(v) for v in value]
                    if isinstance(value, list)
                    else _default_types(value)
                )
        for key in ("blocs", "units"):
            if isinstance(out.get(key), list):
                out[key] = [_walk_rule_holder(v) for v in out[key]]
        return out
    return node


def _walk_rule_holder(node: Any) -> Any:
    if isinstance(node, dict) and isinstance(node.get("rule"), dict):
        return {**node, "rule": _default_types(node["rule"])}
    return node


_TAGS = {
    "weighted",
    "all_of",
    "any_of",
    "veto",
    "at_least",
    "bloc_consent",
    "two_tier",
    "minimal_winning",
}


class _BuildError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


# -- building ------------------------------------------------------------------------------------
class _Body:
    def __init__(self, names: list[str], rows: list[dict[str, Any]]) -> None:
        self.names = names
        self.rows = rows

    def sub(self, idx: Sequence[int]) -> _Body:
        return _Body([self.names[i] for i in idx], [self.rows[i] for i in idx])

    def column(self, key: str, path: str) -> list[object]:
        if not any(key in r for r in self.rows):
            have = sorted({k for r in self.rows for k in r if k not in {"name", "count"}})
            raise _BuildError(
                path,
                f"column {key!r} is not given for any member; columns present: "
                f"{', '.join(have) or 'none'}",
            )
        values: list[object] = []
        for name, r in zip(self.names, self.rows, strict=True):
            v = r.get(key, 0)
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                raise _BuildError(path, f"member {name!r} has {key} = {v!r}, not a number")
            values.append(v)
        return values

    def check_names(self, names: Sequence[str], path: str) -> None:
        for j, m in enumerate(names):
            if m not in self.names:
                shown = ", ".join(self.names[:8]) + (", ..." if len(self.names) > 8 else "")
                raise _BuildError(f"{path}[{j}]", f"unknown member {m!r}; members are {shown}")


def _majority(body: _Body) -> SimpleGame:
    return WeightedGame(
        len(body.names) // 2 + 1, [1] * len(body.names), body.names, quota_text="majority"
    )


def _build(rule: Any, body: _Body, path: str) -> SimpleGame:
    try:
        return _build_inner(rule, body, path)
    except _BuildError:
        raise
    except InvalidInputError as exc:
        raise _BuildError(path, str(exc)) from None


def _build_inner(rule: Any, body: _Body, path: str) -> SimpleGame:
    if isinstance(rule, WeightedRule):
        values = body.column(rule.weight, f"{path}.weight")
        try:
            return Criterion(values, rule.quota, body.names, label=rule.label or rule.weight)
        except InvalidInputError as exc:
            where = ".quota" if "quota" in str(exc) else ".weight"
            raise _BuildError(path + where, str(exc)) from None
    if isinstance(rule, AllOfRule | AnyOfRule):
        parts = [_build(r, body, f"{path}.criteria[{j}]") for j, r in enumerate(rule.criteria)]
        return AllOf(parts) if isinstance(rule, AllOfRule) else AnyOf(parts)
    if isinstance(rule, VetoRule):
        body.check_names(rule.members, f"{path}.members")
        return Veto(rule.members, body.names)
    if isinstance(rule, AtLeastRule):
        if rule.among is not None:
            body.check_names(rule.among, f"{path}.among")
        limit = len(rule.among) if rule.among is not None else len(body.names)
        if rule.count > limit:
            raise _BuildError(
                f"{path}.count", f"count {rule.count} is more than the {limit} members"
            )
        return AtLeast(rule.count, body.names, among=rule.among)
    if isinstance(rule, BlocConsentRule):
        return _bloc_consent(rule, body, path)
    if isinstance(rule, TwoTierRule):
        return _two_tier(rule, body, path)
    if isinstance(rule, MinimalWinningRule):
        for j, c in enumerate(rule.coalitions):
            body.check_names(c, f"{path}.coalitions[{j}]")
        return MinimalWinning(rule.coalitions, body.names)
    raise _BuildError(path, f"unsupported rule {rule!r}")  # pragma: no cover


def _bloc_consent(rule: BlocConsentRule, body: _Body, path: str) -> SimpleGame:
    blocs: list[Bloc] = []
    if rule.blocs is not None:
        if rule.group_by is not None:
            raise _BuildError(path, "give either 'blocs' or 'group_by', not both")
        for j, b in enumerate(rule.blocs):
            body.check_names(b.members, f"{path}.blocs[{j}].members")
            idx = [body.names.index(m) for m in b.members]
            sub = body.sub(idx)
            inner = b.rule or rule.bloc_rule
            game = _build(inner, sub, f"{path}.blocs[{j}].rule") if inner else _majority(sub)
            blocs.append(Bloc(b.name, tuple(b.members), game))
    elif rule.group_by is not None:
        groups: dict[str, list[int]] = {}
        for i, r in enumerate(body.rows):
            if rule.group_by in r:
                groups.setdefault(str(r[rule.group_by]), []).append(i)
        if not groups:
            raise _BuildError(f"{path}.group_by", f"no member has the column {rule.group_by!r}")
        wanted = rule.groups if rule.groups is not None else list(groups)
        for j, g in enumerate(wanted):
            if g not in groups:
                raise _BuildError(
                    f"{path}.groups[{j}]",
                    f"no member has {rule.group_by} = {g!r}; found {', '.join(groups)}",
                )
            sub = body.sub(groups[g])
            game = (
                _build(rule.bloc_rule, sub, f"{path}.bloc_rule")
                if rule.bloc_rule
                else _majority(sub)
            )
            blocs.append(Bloc(g, tuple(sub.names), game))
    else:
        raise _BuildError(path, "give the blocs: either 'blocs' (a list) or 'group_by' (a column)")
    required = len(blocs) if rule.required == "all" else rule.required
    if not 1 <= required <= len(blocs):
        raise _BuildError(
            f"{path}.required", f"required {required} must be from 1 to {len(blocs)} blocs"
        )
    return BlocConsent(blocs, body.names, required=required)


def _two_tier(rule: TwoTierRule, body: _Body, path: str) -> SimpleGame:
    unit_names = [u.name for u in rule.units]
    members: dict[str, list[int]] = {u: [] for u in unit_names}
    for i, r in enumerate(body.rows):
        if rule.group_by not in r:
            raise _BuildError(
                f"{path}.group_by", f"member {body.names[i]!r} has no {rule.group_by!r} (its unit)"
            )
        unit = str(r[rule.group_by])
        if unit not in members:
            raise _BuildError(
                f"{path}.units",
                f"member {body.names[i]!r} is in unit {unit!r}, which is not listed",
            )
        members[unit].append(i)
    units: list[tuple[str, SimpleGame]] = []
    for j, u in enumerate(rule.units):
        if not members[u.name]:
            raise _BuildError(f"{path}.units[{j}]", f"unit {u.name!r} has no members")
        sub = body.sub(members[u.name])
        inner = u.rule or rule.unit_rule
        where = f"{path}.units[{j}].rule" if u.rule else f"{path}.unit_rule"
        units.append((u.name, _build(inner, sub, where) if inner else _majority(sub)))
    upper_rows = [dict(u.model_extra or {}) for u in rule.units]
    upper = _build(rule.upper, _Body(unit_names, upper_rows), f"{path}.upper")
    try:
        return TwoTier(units, upper, split=rule.split)
    except InvalidInputError as exc:
        raise _BuildError(path, str(exc)) from None


def _expand_members(entries: list[MemberEntry]) -> _Body:
    members = expand_members(e.model_dump(exclude_none=True) for e in entries)
    seen: dict[str, int] = {}
    for i, (name, _) in enumerate(members):
        if name in seen:
            raise _BuildError(f"members[{i}].name", f"duplicate member name {name!r}")
        seen[name] = i
    return _Body([name for name, _ in members], [columns for _, columns in members])


# -- entry points --------------------------------------------------------------------------------
def _validate(data: dict[str, Any], source: str, lines: dict[str, int] | None) -> RuleScenario:
    try:
        return RuleScenario.model_validate({**data, "rule": _default_types(data.get("rule"))})
    except ValidationError as exc:
        raise ParseError(
            validation_message(
                exc,
                source=source,
                lines=lines,
                unknown_key_hint="unknown key; see docs/rules.md for the keys of each rule type",
                skip=_TAGS,
            )
        ) from None


def _game(model: RuleScenario, source: str, lines: dict[str, int] | None) -> SimpleGame:
    check_member_count(sum(m.count or 1 for m in model.members), source=source)
    try:
        body = _expand_members(model.members)
        return _build(model.rule, body, "rule")
    except _BuildError as exc:
        dotted = exc.path.replace("[", ".").replace("]", "")
        line = lines.get(dotted) if lines else None
        where = f" (line {line})" if line else ""
        raise ParseError(f"{source}: {exc.path}{where}: {exc.message}") from None


def rule_from_data(data: dict[str, Any], *, source: str = "scenario") -> SimpleGame:
    """The game described by a parsed scenario mapping (``members`` and ``rule``).

    Raises
    ------
    ParseError
        Naming ``source`` and the key path of the problem (e.g. ``rule.criteria[1].quota``).
    """
    if not isinstance(data, dict):
        raise ParseError(f"{source}: expected a mapping with keys 'members' and 'rule'")
    return _game(_validate(data, source, None), source, None)


def rule_scenario_from_mapping(
    data: dict[str, Any], *, source: str, lines: dict[str, int] | None
) -> tuple[SimpleGame, RuleScenario]:
    """Validate a parsed scenario mapping and build its game (``lines``: YAML key lines)."""
    model = _validate(data, source, lines)
    return _game(model, source, lines), model


def parse_rule_text(
    text: str, *, source: str = "scenario", is_json: bool = False
) -> tuple[SimpleGame, RuleScenario]:
    """Parse YAML or JSON scenario text; errors also give the YAML line."""
    data = load_mapping(text, source=source, is_json=is_json)
    return rule_scenario_from_mapping(
        data, source=source, lines=None if is_json else yaml_key_lines(text)
    )


def load_rule_scenario(path: str | Path) -> tuple[SimpleGame, RuleScenario]:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``) with any rule kind."""
    text = read_text_file(path)
    return parse_rule_text(text, source=str(path), is_json=Path(path).suffix.lower() == ".json")
