"""Request models of the JSON API (pydantic, validated at this edge).

A scenario travels as the mapping of a scenario file (``docs/input.md``, ``docs/rules.md``):
``members`` (a name and any columns), ``rule`` (any rule kind, nested) and optional ``blocs``.
These models only bound sizes and shapes; the library validates the content and its messages
reach the user unchanged.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApproximateIn",
    "CompareRequest",
    "ParseRequest",
    "PowerRequest",
    "SaveRequest",
    "ScenarioIn",
    "StructureRequest",
]

MAX_MEMBER_ENTRIES = 5000
"""Most member entries a scenario may list (``count`` entries may stand for more members)."""

Cell = str | int | float | bool | None


class ScenarioIn(BaseModel):
    """A scenario, as in a scenario file: members, rule and optional blocs."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "EEC 1958",
                    "members": [
                        {"name": "France", "weight": 4},
                        {"name": "Germany", "weight": 4},
                        {"name": "Italy", "weight": 4},
                        {"name": "Belgium", "weight": 2},
                        {"name": "Netherlands", "weight": 2},
                        {"name": "Luxembourg", "weight": 1},
                    ],
                    "rule": {"quota": 12},
                }
            ]
        },
    )
    name: str | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=20_000)
    source: str | None = Field(default=None, max_length=20_000)
    members: list[dict[str, Cell]] = Field(min_length=1, max_length=MAX_MEMBER_ENTRIES)
    rule: dict[str, Any]
    blocs: dict[str, list[str]] | None = None

    def mapping(self) -> dict[str, Any]:
        """The scenario-file mapping (keys that are unset left out)."""
        return self.model_dump(exclude_none=True)


class ApproximateIn(BaseModel):
    """Permission to estimate Banzhaf and Shapley-Shubik by Monte Carlo, and how."""

    model_config = ConfigDict(extra="forbid")
    precision: float | None = Field(default=None, gt=0, le=0.5)
    samples: int | None = Field(default=None, ge=100, le=100_000_000)
    confidence: float = Field(default=0.99, ge=0.5, lt=1)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)


class PowerRequest(BaseModel):
    """Compute power indices for a scenario."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    indices: list[str] = Field(
        default_factory=lambda: ["banzhaf", "shapley"], min_length=1, max_length=20
    )
    method: str = Field(default="auto", max_length=100)
    exact: bool = True
    max_seconds: float | None = Field(
        default=None, gt=0, description="Time budget (at most the server's budget)."
    )
    approximate: ApproximateIn | None = Field(
        default=None,
        description="When the exact work is refused for its cost, estimate by Monte Carlo.",
    )


class StructureRequest(BaseModel):
    """Structural facts of a scenario's rule."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    limit: int = Field(default=20, ge=0, le=1000)


class CompareRequest(BaseModel):
    """Two scenarios side by side."""

    model_config = ConfigDict(extra="forbid")
    a: ScenarioIn
    b: ScenarioIn
    indices: list[str] = Field(
        default_factory=lambda: ["banzhaf", "shapley"], min_length=1, max_length=20
    )
    max_seconds: float | None = Field(default=None, gt=0)
    approximate: ApproximateIn | None = None


class ParseRequest(BaseModel):
    """The text of a scenario file to read."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=2_000_000)
    format: str = Field(default="yaml", pattern="^(yaml|json)$")
    filename: str = Field(default="scenario", max_length=300)


class SaveRequest(BaseModel):
    """A scenario to save under a name."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
