"""The ``package:`` file format (YAML or JSON), validated with pydantic at this edge.

Example (every key is described in ``docs/packages.md``)::

    package:
      name: Two chambers and a president
      parties:
        - {name: A, population: 50}
        - {name: B, population: 30, salience: {budget: 2}}  # B cares twice as much
        - {name: C, population: 20}
      institutions:
        - name: Lower house
          members: [{name: A, seats: 5}, {name: B, seats: 3}, {name: C, seats: 2}]
          rule: {type: weighted, weight: seats, quota: majority}
          decides: [laws, budget]
        - name: President
          members: [{name: President, party: A}]
          rule: {type: at_least, count: 1}
          decides: [laws]
      areas:
        - {name: laws}                      # needs every institution that decides it
        - {name: budget, salience: 1}
      cabinets:                            # optional: portfolios shared by a named method
        - name: Government
          from: Lower house
          method: dhondt
          portfolios: [Finance, {name: Health, weight: 2}]

Each institution's ``rule`` is any rule kind of ``docs/rules.md`` over its ``members`` (read
by :mod:`powershare.games.rule_schema`); a member belongs to the party named in its ``party``
column (default: its own name) and inherits that party's columns (e.g. ``designation``).
``rules: {<area>: <rule>}`` gives an institution another rule for one area.  A ``cabinet:``
institution has as members the parties holding portfolios of that cabinet, with columns
``seats`` (portfolios held) and ``portfolio_weight``.  ``rotation: {holders: [...], terms:
[...], column: chair}`` makes an office rotate.  Errors name the key path and, in YAML, the
line: ``nip.yaml: package.institutions[0] (Assembly): rule.quota (line 9): ...``.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from powershare.apportion import METHOD_NAMES
from powershare.errors import InvalidInputError, ParseError
from powershare.games.fileformat import (
    load_mapping,
    read_text_file,
    validation_message,
    yaml_key_lines,
)
from powershare.games.numbers import parse_exact
from powershare.packages.cabinet import QUOTA_METHODS, Cabinet, Portfolio
from powershare.packages.model import (
    Area,
    Institution,
    Package,
    Party,
    Rotation,
    RuleText,
    expanded,
)

__all__ = ["is_package", "package_from_mapping", "read_package", "read_package_file"]

Number = int | float | str
_RESERVED = ("name", "salience", "population", "seats")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartyModel(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    salience: dict[str, Number] | None = None
    population: Number | None = None
    seats: Number | None = None


class RotationModel(_Model):
    holders: list[str] = Field(min_length=1)
    terms: list[Number] | None = None
    column: str = "chair"
    unit: str = "terms"


class InstitutionModel(_Model):
    name: str = Field(min_length=1)
    description: str | None = None
    members: list[dict[str, Any]] | None = None
    cabinet: str | None = None
    rule: dict[str, Any]
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    decides: list[str] = Field(default_factory=list)
    rotation: RotationModel | None = None


class AreaModel(_Model):
    name: str = Field(min_length=1)
    description: str | None = None
    salience: Number = 1
    require: Literal["all", "any"] = "all"
    institutions: list[str] = Field(default_factory=list)


class PortfolioModel(_Model):
    name: str = Field(min_length=1)
    weight: Number = 1


class CabinetModel(_Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str = Field(min_length=1)
    source_institution: str = Field(alias="from")
    method: str = "dhondt"
    seats: str = "seats"
    parties: list[str] | None = None
    portfolios: list[str | PortfolioModel] = Field(min_length=1)
    preferences: dict[str, list[str]] = Field(default_factory=dict)
    tie_break: list[str] = Field(default_factory=list)
    fixed: dict[str, list[str | PortfolioModel]] = Field(default_factory=dict)

    @field_validator("method")
    @classmethod
    def _known(cls, value: str) -> str:
        key = value.strip().lower().replace("_", "-").replace("'", "")
        if key not in (*QUOTA_METHODS, *METHOD_NAMES):
            raise ValueError(
                f"method {value!r} is not known; allowed: dhondt, sainte-lague (or another "
                "divisor method), gamson, power"
            )
        return key


class PackageModel(_Model):
    name: str = Field(min_length=1)
    description: str | None = None
    source: str | None = None
    illustrative: bool = False
    caveats: list[str] = Field(default_factory=list)
    parties: list[PartyModel] = Field(min_length=1)
    institutions: list[InstitutionModel] = Field(min_length=1)
    areas: list[AreaModel] = Field(min_length=1)
    cabinets: list[CabinetModel] = Field(default_factory=list)


class PackageFile(_Model):
    package: PackageModel


def is_package(data: object) -> bool:
    """Whether a parsed scenario mapping describes a package (has a ``package:`` key)."""
    return isinstance(data, dict) and "package" in data


class _Reader:
    """Cross-checks and building, with errors that name the key path and line."""

    def __init__(self, source: str, lines: dict[str, int] | None) -> None:
        self.source = source
        self.lines = lines

    def fail(self, path: str, message: str) -> ParseError:
        dotted = path.replace("[", ".").replace("]", "")
        line = self.lines.get(dotted) if self.lines else None
        where = f" (line {line})" if line else ""
        return ParseError(f"{self.source}: {path}{where}: {message}")

    def number(self, value: Number, path: str, what: str) -> Fraction:
        try:
            out = parse_exact(value, what=what, allow_percent=False)
        except InvalidInputError as exc:
            raise self.fail(path, str(exc)) from None
        if out < 0:
            raise self.fail(path, f"{what} is {value}; must be >= 0")
        return out

    def sub_lines(self, prefix: str, rule_key: str) -> dict[str, int] | None:
        """YAML lines under ``prefix`` (dotted) renamed so ``rule_key`` reads ``rule``."""
        if self.lines is None:
            return None
        prefix = prefix.replace("[", ".").replace("]", "")
        out: dict[str, int] = {}
        for key, line in self.lines.items():
            if key.startswith(prefix + ".members"):
                out[key[len(prefix) + 1 :]] = line
            if key == prefix + "." + rule_key or key.startswith(prefix + "." + rule_key + "."):
                out["rule" + key[len(prefix) + 1 + len(rule_key) :]] = line
        return out


def _check_unique(reader: _Reader, names: list[str], path: str, what: str) -> None:
    seen: set[str] = set()
    for k, name in enumerate(names):
        if name in seen:
            raise reader.fail(f"{path}[{k}].name", f"{what} {name!r} is listed twice")
        seen.add(name)


def _parties(reader: _Reader, model: PackageModel) -> tuple[tuple[Party, ...], dict[str, Any]]:
    parties = []
    salience: dict[str, dict[str, Fraction]] = {}
    areas = {a.name for a in model.areas}
    for k, p in enumerate(model.parties):
        path = f"package.parties[{k}]"
        seats = None if p.seats is None else reader.number(p.seats, f"{path}.seats", "seats")
        pop = p.population
        population = None if pop is None else reader.number(pop, f"{path}.population", "population")
        for area, value in (p.salience or {}).items():
            if area not in areas:
                raise reader.fail(
                    f"{path}.salience.{area}",
                    f"unknown issue area {area!r}; areas are {', '.join(sorted(areas))}",
                )
            where = f"{path}.salience.{area}"
            salience.setdefault(p.name, {})[area] = reader.number(value, where, "salience")
        columns = {key: v for key, v in (p.model_extra or {}).items() if key not in _RESERVED}
        parties.append(Party(p.name, columns, seats, population))
    return tuple(parties), salience


def _members(
    reader: _Reader, inst: InstitutionModel, k: int, parties: dict[str, Party]
) -> tuple[dict[str, Any], ...]:
    assert inst.members is not None
    entries = []
    for j, entry in enumerate(inst.members):
        path = f"package.institutions[{k}].members[{j}]"
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise reader.fail(path, "each member needs a name")
        party = entry.get("party", name)
        if party not in parties:
            shown = ", ".join(parties)
            hint = "" if "party" in entry else "; give its party with 'party:'"
            raise reader.fail(
                f"{path}.party" if "party" in entry else path,
                f"member {name!r} belongs to no party {party!r}{hint}; parties are {shown}",
            )
        entries.append({**parties[party].columns, **entry, "party": party})
    try:
        return tuple(expanded(entries))
    except ParseError as exc:
        raise reader.fail(f"package.institutions[{k}].members", str(exc)) from None


def _rotation(
    reader: _Reader, model: RotationModel, path: str, parties: dict[str, Party]
) -> Rotation:
    for j, holder in enumerate(model.holders):
        if holder not in parties:
            raise reader.fail(
                f"{path}.holders[{j}]",
                f"unknown party {holder!r}; parties are {', '.join(parties)}",
            )
    if model.terms is None:
        terms = tuple(Fraction(1) for _ in model.holders)
    else:
        if len(model.terms) != len(model.holders):
            raise reader.fail(
                f"{path}.terms",
                f"{len(model.terms)} term lengths for {len(model.holders)} holders; give one each",
            )
        terms = tuple(
            reader.number(t, f"{path}.terms[{j}]", "term length") for j, t in enumerate(model.terms)
        )
        if not all(t > 0 for t in terms):
            raise reader.fail(f"{path}.terms", "every term must be longer than 0")
    return Rotation(tuple(model.holders), terms, model.column, model.unit)


def _trial_members(cabinet: Cabinet, parties: dict[str, Party]) -> list[dict[str, Any]]:
    names = cabinet.parties or tuple(parties)
    return [
        {**parties[p].columns, "name": p, "party": p, "seats": 1, "portfolio_weight": 1}
        for p in names
    ]


def _portfolio(reader: _Reader, item: str | PortfolioModel, path: str) -> Portfolio:
    if isinstance(item, str):
        return Portfolio(item)
    return Portfolio(item.name, reader.number(item.weight, f"{path}.weight", "portfolio weight"))


def _cabinets(
    reader: _Reader, model: PackageModel, parties: dict[str, Party], institutions: set[str]
) -> tuple[Cabinet, ...]:
    out = []
    _check_unique(reader, [c.name for c in model.cabinets], "package.cabinets", "cabinet")
    for k, c in enumerate(model.cabinets):
        path = f"package.cabinets[{k}]"
        if c.source_institution not in institutions:
            raise reader.fail(
                f"{path}.from",
                f"unknown institution {c.source_institution!r}; institutions are "
                + ", ".join(sorted(institutions)),
            )
        for key, listed in (
            ("parties", c.parties or []),
            ("tie_break", c.tie_break),
            ("preferences", list(c.preferences)),
            ("fixed", list(c.fixed)),
        ):
            for j, p in enumerate(listed):
                if p not in parties:
                    where = (
                        f"{path}.{key}[{j}]"
                        if key in ("parties", "tie_break")
                        else f"{path}.{key}.{p}"
                    )
                    raise reader.fail(
                        where, f"unknown party {p!r}; parties are {', '.join(parties)}"
                    )
        portfolios = tuple(
            _portfolio(reader, item, f"{path}.portfolios[{j}]")
            for j, item in enumerate(c.portfolios)
        )
        _check_unique(reader, [p.name for p in portfolios], f"{path}.portfolios", "portfolio")
        fixed = {
            party: tuple(
                _portfolio(reader, item, f"{path}.fixed.{party}[{j}]")
                for j, item in enumerate(items)
            )
            for party, items in c.fixed.items()
        }
        out.append(
            Cabinet(
                name=c.name,
                method=c.method,
                portfolios=portfolios,
                preferences={p: tuple(v) for p, v in c.preferences.items()},
                tie_break=tuple(c.tie_break),
                fixed=fixed,
                parties=None if c.parties is None else tuple(c.parties),
                source_institution=c.source_institution,
                seat_column=c.seats,
            )
        )
    return tuple(out)


def _institution(
    reader: _Reader,
    inst: InstitutionModel,
    k: int,
    parties: dict[str, Party],
    areas: set[str],
    cabinets: dict[str, Cabinet],
) -> Institution:
    path = f"package.institutions[{k}]"
    if (inst.members is None) == (inst.cabinet is None):
        raise reader.fail(path, "give either 'members' or 'cabinet' (the cabinet it is made of)")
    for j, area in enumerate(inst.decides):
        if area not in areas:
            raise reader.fail(
                f"{path}.decides[{j}]",
                f"unknown issue area {area!r}; areas are {', '.join(sorted(areas))}",
            )
    label = f"{reader.source}: {path} ({inst.name})"
    rule = RuleText(inst.rule, label, reader.sub_lines(path, "rule"))
    area_rules = {}
    for area, data in inst.rules.items():
        if area not in areas:
            raise reader.fail(
                f"{path}.rules.{area}",
                f"unknown issue area {area!r}; areas are {', '.join(sorted(areas))}",
            )
        area_rules[area] = RuleText(data, label, reader.sub_lines(path, f"rules.{area}"))
    rotation = None
    if inst.rotation is not None:
        rotation = _rotation(reader, inst.rotation, f"{path}.rotation", parties)
    members: tuple[dict[str, Any], ...] = ()
    if inst.members is not None:
        members = _members(reader, inst, k, parties)
        trial = [dict(m) for m in members]
    else:
        assert inst.cabinet is not None
        if inst.cabinet not in cabinets:
            raise reader.fail(
                f"{path}.cabinet",
                f"unknown cabinet {inst.cabinet!r}; cabinets are {', '.join(cabinets) or 'none'}",
            )
        trial = _trial_members(cabinets[inst.cabinet], parties)
    if rotation is not None:
        for m in trial:
            m[rotation.column] = int(m["party"] == rotation.holders[0])
    for text in (rule, *area_rules.values()):
        text.build(trial)  # report a bad rule now, with its key path and line
    return Institution(
        name=inst.name,
        decides=tuple(dict.fromkeys([*inst.decides, *area_rules])),
        rule=rule,
        area_rules=area_rules,
        members=members,
        cabinet=inst.cabinet,
        rotation=rotation,
        description=inst.description,
    )


def _build(model: PackageModel, reader: _Reader) -> Package:
    _check_unique(reader, [p.name for p in model.parties], "package.parties", "party")
    _check_unique(
        reader, [i.name for i in model.institutions], "package.institutions", "institution"
    )
    _check_unique(reader, [a.name for a in model.areas], "package.areas", "issue area")
    parties, salience = _parties(reader, model)
    by_name = {p.name: p for p in parties}
    area_names = {a.name for a in model.areas}
    cabinets = _cabinets(reader, model, by_name, {i.name for i in model.institutions})
    for k, c in enumerate(cabinets):
        source = next(i for i in model.institutions if i.name == c.source_institution)
        if source.cabinet is not None:
            raise reader.fail(
                f"package.cabinets[{k}].from",
                f"{c.source_institution!r} is itself made of a cabinet; a cabinet is shared by "
                "the seats of an institution with members",
            )
    cab_by_name = {c.name: c for c in cabinets}
    institutions = tuple(
        _institution(reader, inst, k, by_name, area_names, cab_by_name)
        for k, inst in enumerate(model.institutions)
    )
    inst_names = [i.name for i in institutions]
    areas = []
    for k, a in enumerate(model.areas):
        for j, name in enumerate(a.institutions):
            if name not in inst_names:
                raise reader.fail(
                    f"package.areas[{k}].institutions[{j}]",
                    f"unknown institution {name!r}; institutions are {', '.join(inst_names)}",
                )
        chain = [i.name for i in institutions if a.name in i.decides or i.name in a.institutions]
        if not chain:
            raise reader.fail(
                f"package.areas[{k}]",
                f"no institution decides issue area {a.name!r}; list it under an institution's "
                "'decides' or give the area's 'institutions'",
            )
        salience_value = reader.number(a.salience, f"package.areas[{k}].salience", "salience")
        areas.append(Area(a.name, tuple(chain), salience_value, a.require, a.description))
    rotations = {inst.rotation.terms for inst in institutions if inst.rotation is not None}
    if len(rotations) > 1:
        raise reader.fail(
            "package.institutions",
            "rotations in several institutions must share one cycle (the same term lengths)",
        )
    return Package(
        name=model.name,
        parties=parties,
        institutions=institutions,
        areas=tuple(areas),
        cabinets=cabinets,
        salience=salience,
        description=model.description,
        source=model.source,
        illustrative=model.illustrative,
        caveats=tuple(model.caveats),
    )


def package_from_mapping(
    data: dict[str, Any], *, source: str = "package", lines: dict[str, int] | None = None
) -> Package:
    """Validate a parsed mapping with a ``package:`` key and build the :class:`Package`.

    Raises
    ------
    ParseError
        With the file, the key path and (YAML, when ``lines`` are given) the line.
    """
    try:
        model = PackageFile.model_validate(data)
    except ValidationError as exc:
        raise ParseError(
            validation_message(
                exc,
                source=source,
                lines=lines,
                unknown_key_hint="unknown key; the keys are described in docs/packages.md",
            )
        ) from None
    return _build(model.package, _Reader(source, lines))


def read_package(text: str, *, source: str = "package", is_json: bool = False) -> Package:
    """Read a package from YAML or JSON text (see the module docstring for the format)."""
    data = load_mapping(text, source=source, is_json=is_json)
    if not is_package(data):
        raise ParseError(f"{source}: expected a mapping with the key 'package'")
    return package_from_mapping(
        data, source=source, lines=None if is_json else yaml_key_lines(text)
    )


def read_package_file(path: str | Path) -> Package:
    """:func:`read_package` on a ``.yaml``, ``.yml`` or ``.json`` file."""
    return read_package(
        read_text_file(path), source=str(path), is_json=str(path).lower().endswith(".json")
    )
