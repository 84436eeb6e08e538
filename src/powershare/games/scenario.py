"""Scenario files (YAML or JSON, one schema): a body, its rule and notes on its source.

Example (YAML)::

    name: Council of Ministers of the EEC, 1958
    source: Felsenthal & Machover (1998), The Measurement of Voting Power, p. 164
    members:
      - {name: France, weight: 4}
      - {name: Germany, weight: 4}
      - {name: Italy, weight: 4}
      - {name: Belgium, weight: 2}
      - {name: Netherlands, weight: 2}
      - {name: Luxembourg, weight: 1}
    rule:
      quota: 12          # or "2/3", "65%", "50%+1", "majority"
    blocs:               # optional a-priori unions (Owen, Banzhaf-Owen, the bloc game)
      Benelux: [Belgium, Netherlands, Luxembourg]

The file is validated with pydantic at this edge; errors name the key and, for YAML, the line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from powershare.errors import ParseError
from powershare.games.notation import _read_text
from powershare.games.weighted import WeightedGame

__all__ = ["Scenario", "MemberSpec", "RuleSpec", "load_scenario", "parse_scenario_text"]

Number = int | float | str


class MemberSpec(BaseModel):
    """One member of the body."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    weight: Number
    population: Number | None = None

    @field_validator("weight", "population", mode="before")
    @classmethod
    def _no_bool(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("must be a number, not true/false")
        return value


class RuleSpec(BaseModel):
    """The decision rule: a weighted quota."""

    model_config = ConfigDict(extra="forbid")
    type: str = "weighted"
    quota: Number

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value != "weighted":
            raise ValueError(f"rule type {value!r} is not known; allowed: 'weighted'")
        return value


class Scenario(BaseModel):
    """A whole scenario file."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    description: str | None = None
    source: str | None = None
    members: list[MemberSpec] = Field(min_length=1)
    rule: RuleSpec
    blocs: dict[str, list[str]] | None = None

    @field_validator("blocs")
    @classmethod
    def _blocs_known(
        cls, value: dict[str, list[str]] | None, info: ValidationInfo
    ) -> dict[str, list[str]] | None:
        if value is None:
            return value
        members = {m.name for m in info.data.get("members", [])}
        seen: dict[str, str] = {}
        for bloc, names in value.items():
            if not names:
                raise ValueError(f"bloc {bloc!r} has no members")
            for name in names:
                if members and name not in members:
                    raise ValueError(
                        f"bloc {bloc!r} names {name!r}, which is not a member; members are "
                        f"{', '.join(sorted(members))}"
                    )
                if name in seen:
                    raise ValueError(
                        f"member {name!r} is in blocs {seen[name]!r} and {bloc!r}; "
                        "each member belongs to one bloc"
                    )
                seen[name] = bloc
        return value

    def to_game(self, quota: object | None = None) -> WeightedGame:
        """Build the game; ``quota`` overrides the file's quota."""
        return WeightedGame.from_values(
            [m.weight for m in self.members],
            self.rule.quota if quota is None else quota,
            [m.name for m in self.members],
        )


def parse_scenario_text(text: str, *, source: str = "scenario", is_json: bool = False) -> Scenario:
    """Parse and validate scenario text.

    Raises
    ------
    ParseError
        With the file, the key path and (YAML) the line of the first problems.
    """
    try:
        data: Any = json.loads(text) if is_json else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"{source}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ParseError(f"{source}{where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise ParseError(f"{source}: expected a mapping with keys 'members' and 'rule'")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        lines = None if is_json else _yaml_lines(text)
        problems = []
        for err in exc.errors()[:3]:
            path = ".".join(str(p) for p in err["loc"])
            key = _format_loc(err["loc"])
            line = lines.get(path) if lines else None
            where = f" (line {line})" if line else ""
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key; allowed keys are described in docs/scenarios.md"
            problems.append(f"{key}{where}: {msg}")
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise ParseError(f"{source}: " + "; ".join(problems) + more) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``)."""
    text = _read_text(path)
    return parse_scenario_text(text, source=str(path), is_json=str(path).endswith(".json"))


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _yaml_lines(text: str) -> dict[str, int]:
    """Map dotted key paths (``members.2.weight``) to 1-based YAML line numbers."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    found: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        found.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                found[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}.{i}" if path else str(i))

    if root is not None:
        walk(root, "")
    return found
