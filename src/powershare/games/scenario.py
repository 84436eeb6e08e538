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

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from powershare.errors import InvalidInputError, InvalidQuotaError, ParseError
from powershare.games.body import Body
from powershare.games.fileformat import (
    load_mapping,
    read_text_file,
    validation_message,
    yaml_key_lines,
)
from powershare.games.scenario_header import ScenarioHeader, body_from_mapping
from powershare.games.weighted import WeightedGame

__all__ = [
    "MemberSpec",
    "RuleSpec",
    "Scenario",
    "ScenarioFile",
    "ScenarioHeader",
    "is_compound",
    "load_scenario",
    "parse_scenario_text",
    "read_scenario",
    "read_scenario_file",
]

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


class Scenario(ScenarioHeader):
    """A whole scenario file with a single weighted quota."""

    members: list[MemberSpec] = Field(min_length=1)
    rule: RuleSpec

    def to_game(self, quota: object | None = None) -> WeightedGame:
        """Build the game; ``quota`` overrides the file's quota."""
        return WeightedGame.from_values(
            [m.weight for m in self.members],
            self.rule.quota if quota is None else quota,
            [m.name for m in self.members],
        )


def parse_scenario_text(text: str, *, source: str = "scenario", is_json: bool = False) -> Scenario:
    """Parse and validate the text of a single-quota scenario.

    Raises
    ------
    ParseError
        With the file, the key path and (YAML) the line of the first problems.
    """
    data = load_mapping(text, source=source, is_json=is_json)
    return _validate(data, source, None if is_json else yaml_key_lines(text))


def _validate(data: dict[str, Any], source: str, lines: dict[str, int] | None) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ParseError(
            validation_message(
                exc,
                source=source,
                lines=lines,
                unknown_key_hint="unknown key; the keys are described in docs/input.md",
            )
        ) from None


def is_compound(data: dict[str, Any]) -> bool:
    """Whether a scenario mapping needs the compound-rule schema (:mod:`rule_schema`).

    That is when its rule has a ``type`` other than ``weighted``, names the column it weighs
    (``weight: seats``), or its members come in groups (``count``).  Other member keys in a
    plain weighted file are reported as unknown keys (a misspelt ``wieght`` is an error, never
    a new column).
    """
    rule = data.get("rule")
    if isinstance(rule, dict) and (
        rule.get("type", "weighted") != "weighted" or "weight" in rule or "label" in rule
    ):
        return True
    members = data.get("members")
    if isinstance(members, list):
        return any(isinstance(m, dict) and "count" in m for m in members)
    return False


ScenarioFile = Body
"""The former name of :class:`~powershare.games.body.Body`."""


def read_scenario(
    text: str, *, source: str = "scenario", is_json: bool = False, quota: object | None = None
) -> Body:
    """Read a scenario of any rule kind (a single quota or a compound rule) as a :class:`Body`.

    Members may be listed one by one or in groups (``count: k``, see
    :func:`~powershare.games.body.expand_members`); their ``population`` column, if any, becomes
    :attr:`Body.populations`.

    Parameters
    ----------
    text
        YAML or JSON text.
    source
        The file name, for messages.
    is_json
        Whether the text is JSON.
    quota
        Overrides the quota of a single-quota rule; not allowed with compound rules.

    Raises
    ------
    ParseError, InvalidQuotaError
        With the key path and (YAML) the line.
    """
    data = load_mapping(text, source=source, is_json=is_json)
    lines = None if is_json else yaml_key_lines(text)
    if not is_compound(data):
        scenario = _validate(data, source, lines)
        try:
            game = scenario.to_game(quota)
        except ParseError:
            raise
        except InvalidQuotaError as exc:
            line = lines.get("rule.quota") if lines and quota is None else None
            where = f"rule.quota (line {line})" if line else "rule.quota" if quota is None else ""
            raise type(exc)(f"{source}: {where + ': ' if where else ''}{exc}") from None
        except InvalidInputError as exc:  # a weight: the message names the member
            raise type(exc)(f"{source}: members: {exc}") from None
        return body_from_mapping(game, scenario, data, source=source)
    if quota is not None:
        raise InvalidQuotaError(
            f"{source} has a compound rule; --quota only replaces a single quota, so edit the "
            "quotas in the file instead"
        )
    from powershare.games.rule_schema import rule_scenario_from_mapping  # compound rules only

    compound, model = rule_scenario_from_mapping(data, source=source, lines=lines)
    return body_from_mapping(compound, model, data, source=source)


def read_scenario_file(path: str | Path, quota: object | None = None) -> Body:
    """:func:`read_scenario` on a ``.yaml``, ``.yml`` or ``.json`` file."""
    return read_scenario(
        read_text_file(path),
        source=str(path),
        is_json=str(path).lower().endswith(".json"),
        quota=quota,
    )


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (``.yaml``, ``.yml`` or ``.json``)."""
    text = read_text_file(path)
    return parse_scenario_text(text, source=str(path), is_json=str(path).lower().endswith(".json"))
