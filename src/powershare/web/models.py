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
    "MapRequest",
    "MembersRequest",
    "ParseRequest",
    "PowerRequest",
    "SaveRequest",
    "ScenarioIn",
    "StructureRequest",
    "UncertaintyRequest",
]

MAX_MEMBER_ENTRIES = 5000
"""Most member entries a scenario may list (``count`` entries may stand for more members)."""

MAX_GEOJSON_CHARS = 2_000_000
"""Longest uploaded GeoJSON text (the request body is bounded by the server as well)."""

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
    dataset: str | None = Field(
        default=None,
        max_length=200,
        description="The shipped dataset this scenario was edited from (its caveats, sources "
        "and comparisons go into the report); not part of the scenario file.",
    )
    description: str | None = Field(default=None, max_length=20_000)
    source: str | None = Field(default=None, max_length=20_000)
    members: list[dict[str, Cell]] = Field(min_length=1, max_length=MAX_MEMBER_ENTRIES)
    rule: dict[str, Any]
    blocs: dict[str, list[str]] | None = None

    def mapping(self) -> dict[str, Any]:
        """The scenario-file mapping (keys that are unset left out; ``dataset`` too, which
        scenario files do not have)."""
        return self.model_dump(exclude_none=True, exclude={"dataset"})

    def stored(self) -> dict[str, Any]:
        """What the store keeps: the mapping and the dataset it came from."""
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


class MapRequest(BaseModel):
    """Choropleth maps of a scenario's audit, by the members' boundaries."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn
    geojson: str | None = Field(
        default=None,
        max_length=MAX_GEOJSON_CHARS,
        description="A GeoJSON FeatureCollection of the members' (Multi)Polygons, as text "
        "(joined by member name); without it, a shipped dataset's own boundaries.",
    )
    key: str | None = Field(
        default=None,
        max_length=200,
        description="The feature property holding the member names (else the one matching most).",
    )
    filename: str | None = Field(
        default=None, max_length=200, description="The uploaded file's name (for messages)."
    )


class ParseRequest(BaseModel):
    """The text of a scenario file to read."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=2_000_000)
    format: str = Field(default="yaml", pattern="^(yaml|json)$")
    filename: str = Field(default="scenario", max_length=300)


class MembersRequest(BaseModel):
    """Pasted rows or a CSV file's text: a member table with any header and separator."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=2_000_000)
    filename: str = Field(default="pasted rows", max_length=300)


class SaveRequest(BaseModel):
    """A scenario to save under a name."""

    model_config = ConfigDict(extra="forbid")
    scenario: ScenarioIn


class UncertaintyRequest(BaseModel):
    """Power under uncertainty: an uncertain scenario and how to analyse it.

    ``scenario`` is the mapping of an uncertain scenario file (``docs/uncertainty.md``):
    ``members`` whose ``seats`` are a number, a range ``[min, max]``, ``{triangular: [low,
    mode, high]}``, ``{normal: {mean, sd, low, high}}`` or ``{values, probs}``; or a ``poll``
    (``sample_size``, ``shares``, ``method``, ``seats``, ``threshold``); a single-quota
    ``rule``; optionally ``index``, ``allies`` and ``demands``.  The library validates it.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "scenario": {
                        "members": [
                            {"name": "A", "seats": [38, 50]},
                            {"name": "B", "seats": {"triangular": [20, 26, 30]}},
                            {"name": "C", "seats": 14},
                        ],
                        "rule": {"quota": "60%"},
                    },
                    "draws": 2000,
                    "seed": 0,
                    "level": 0.9,
                    "index": "banzhaf",
                }
            ]
        },
    )
    scenario: dict[str, Any] = Field(description="The mapping of an uncertain scenario file.")
    draws: int = Field(default=2000, ge=10, le=200_000, description="Scenarios drawn.")
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    level: float = Field(
        default=0.9, gt=0, lt=1, description="Level of the power and probability intervals."
    )
    index: str | None = Field(
        default=None, max_length=50, description="The headline index (else the scenario's)."
    )
    interval: str = Field(default="wilson", pattern="^(wilson|clopper-pearson)$")
    exact: bool | None = Field(
        default=None,
        description="None: enumerate when the space is small, else draw; false: always draw; "
        "true: enumerate or refuse.",
    )
    max_seconds: float | None = Field(
        default=None,
        gt=0,
        le=3600,
        description="Time budget: at most the server's for /api/uncertainty/analyse; a "
        "background job's own limit (default 300 s).",
    )
