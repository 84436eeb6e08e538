"""The thin layer between HTTP and the library: build games from scenario mappings, call the
library under the server's limits, and turn results into JSON-ready dictionaries.

No analysis happens here: games come from :func:`powershare.games.scenario.read_scenario`,
power from :func:`powershare.power.power_table`, structure from
:func:`powershare.structure.structure_facts`, pasted or uploaded member tables from
:mod:`powershare.games.columns`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import yaml

from powershare.datasets import DATASETS
from powershare.errors import InvalidInputError, ParseError, PowershareError
from powershare.games.body import expand_members, member_count
from powershare.games.fileformat import load_mapping
from powershare.games.numbers import parse_exact
from powershare.games.scenario import ScenarioFile, read_scenario
from powershare.games.weighted import WeightedGame
from powershare.power import Limits, PowerTable, power_table
from powershare.power.api import Approximation
from powershare.power.indices import INDICES
from powershare.power.registry import registry
from powershare.structure import rule_warnings, structure_facts
from powershare.web.editor import (
    dataset_audit_extras,
    dataset_scenario,
    plain_error,
    plain_message,
)
from powershare.web.editor import parse_members as read_members
from powershare.web.models import ApproximateIn, ScenarioIn

__all__ = [
    "Settings",
    "TooLargeError",
    "build",
    "check_expansion",
    "check_plain",
    "compare_plain",
    "compute_power",
    "compute_structure",
    "compute_structure_plain",
    "dataset_audit_extras",
    "dataset_scenario",
    "datasets_list",
    "parse_members",
    "parse_text",
    "plain_message",
    "scenario_yaml",
    "table_csv",
]


class TooLargeError(InvalidInputError):
    """A request is bigger than the server allows (body size, members)."""


@dataclass(frozen=True)
class Settings:
    """Limits of one server.

    Attributes
    ----------
    max_seconds
        Computation time budget per request: work estimated above it is refused up front
        (with the estimate and the option to approximate); work that overruns it ends the
        request with a clear message.
    max_bytes
        Memory budget per computation.
    max_members
        Most members a body may have.
    max_request_bytes
        Largest request body accepted.
    workers
        Threads that run computations (and wait for the processes).
    processes
        Worker processes for every parse and computation (``0``: compute in the threads).
        Processes use every core; threads share one (the interpreter lock); a process past
        the budget is stopped, a thread only abandoned.
    job_workers
        Background jobs (design, settlement) that run at once.
    max_jobs
        Background jobs queued or running on the server, at most.
    jobs_per_client
        Background jobs queued or running for one client (address), at most.
    """

    max_seconds: float = 10.0
    max_bytes: int = 2 * 10**9
    max_members: int = 2000
    max_request_bytes: int = 2 * 1024 * 1024
    workers: int = 8
    processes: int = 0
    job_workers: int = 2
    max_jobs: int = 8
    jobs_per_client: int = 4

    def budget(self, asked: float | None) -> float:
        """The time budget of a request: what it asks for, at most the server's."""
        return self.max_seconds if asked is None else min(asked, self.max_seconds)


# -- scenarios --------------------------------------------------------------------------------
def build(
    scenario: ScenarioIn | dict[str, Any], settings: Settings, *, source: str = "scenario"
) -> ScenarioFile:
    """The game and blocs of a scenario mapping, validated by the library.

    Raises
    ------
    ParseError, InvalidInputError
        With the key path of the problem.
    TooLargeError
        When the body has more members than ``settings.max_members``.
    """
    data = scenario.mapping() if isinstance(scenario, ScenarioIn) else scenario
    try:
        text = json.dumps(data, allow_nan=False)
    except ValueError:
        raise InvalidInputError(f"{source}: numbers must be finite (no NaN or infinity)") from None
    _check_counts(data, settings)
    try:
        result = read_scenario(text, source=source, is_json=True)
    except (ParseError, InvalidInputError) as exc:
        raise plain_error(exc, source) from None
    if result.game.n > settings.max_members:
        raise TooLargeError(
            f"{source}: the body has {result.game.n} members; this server allows at most "
            f"{settings.max_members} (start it with --max-members to change this)"
        )
    return result


def _check_counts(data: dict[str, Any], settings: Settings) -> None:
    """Refuse ``count:`` expansions beyond the member limit before the library expands them."""
    members = data.get("members")
    total = member_count(members) if isinstance(members, list) else 0
    if total > settings.max_members:
        raise TooLargeError(
            f"the body would have {total} members; this server allows at most "
            f"{settings.max_members} (start it with --max-members to change this)"
        )


MAX_EXPANDED = 1_000_000
"""Largest size of a parsed YAML/JSON document once its aliases are expanded (values, with a
string counting one per 100 characters)."""
MAX_DEPTH = 200
"""Deepest nesting of a parsed document."""


def check_expansion(data: Any, source: str) -> None:
    """Refuse a parsed document that is too deep, or that YAML aliases (``&a``/``*a``) make huge.

    A few hundred bytes of YAML can name the same list a billion times (an "alias bomb"):
    cheap to parse, ruinous to walk.  This counts the document's expanded size once per shared
    part, so it costs no more than the text.

    Raises
    ------
    TooLargeError
        Past :data:`MAX_EXPANDED` values or :data:`MAX_DEPTH` levels.

    Examples
    --------
    >>> shared = ["x"] * 1000
    >>> check_expansion({"a": [shared] * 10}, "s.yaml")
    >>> check_expansion({"a": [[shared] * 1000] * 1000}, "s.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    powershare.web.service.TooLargeError: s.yaml: the document expands ... 1000000 values...
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(data, 0, False)]
    while stack:
        node, depth, visited = stack.pop()
        if not isinstance(node, dict | list) or (id(node) in sizes and not visited):
            continue
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        if visited:
            total = 1
            for child in children:
                if isinstance(child, dict | list):
                    total += sizes[id(child)]
                else:
                    total += 1 + (len(child) // 100 if isinstance(child, str) else 0)
            sizes[id(node)] = total
            if total > MAX_EXPANDED:
                raise TooLargeError(
                    f"{source}: the document expands (through YAML aliases &/*) to more than "
                    f"{MAX_EXPANDED} values; write it out without aliases, smaller"
                )
            continue
        if depth >= MAX_DEPTH:
            raise TooLargeError(f"{source}: the document is nested more than {MAX_DEPTH} deep")
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if isinstance(c, dict | list))


def parse_text(text: str, fmt: str, filename: str, settings: Settings) -> dict[str, Any]:
    """Read the text of a scenario file: its mapping, checked by the library."""
    data = load_mapping(text, source=filename, is_json=fmt == "json")
    check_expansion(data, filename)
    _check_counts(data, settings)
    result = read_scenario(text, source=filename, is_json=fmt == "json")
    if result.game.n > settings.max_members:
        raise TooLargeError(
            f"{filename}: the body has {result.game.n} members; this server allows at most "
            f"{settings.max_members}"
        )
    return {"scenario": data, **describe(result)}


def describe(result: ScenarioFile) -> dict[str, Any]:
    """What a scenario is, in a few words."""
    game = result.game
    return {
        "n": game.n,
        "rule": game.describe(),
        "names": list(game.names),
        "kind": "weighted" if isinstance(game, WeightedGame) else "compound",
    }


def check_plain(
    data: dict[str, Any], settings: Settings, source: str = "scenario"
) -> dict[str, Any]:
    """:func:`describe` of :func:`build` from a plain mapping (picklable, for worker processes)."""
    return describe(build(data, settings, source=source))


def scenario_yaml(data: dict[str, Any]) -> str:
    """A scenario mapping as a YAML scenario file (the schema the command line reads)."""
    header = "# powershare scenario (see docs/input.md and docs/rules.md)\n"
    if data.get("dataset"):
        header += f"# edited from the shipped dataset {data['dataset']}\n"
    data = {k: v for k, v in data.items() if k != "dataset"}
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# -- datasets ---------------------------------------------------------------------------------
def datasets_list() -> list[dict[str, str]]:
    """The shipped datasets (the one registry, :data:`powershare.datasets.DATASETS`): name,
    title and caveats."""
    return [
        {"name": info.name, "title": info.title, "caveats": info.caveats}
        for info in DATASETS.values()
    ]


# -- power ------------------------------------------------------------------------------------
def approximation(model: ApproximateIn | None, budget: float) -> Approximation | None:
    """The library's approximation settings from the request's."""
    if model is None:
        return None
    return Approximation(
        precision=model.precision,
        samples=model.samples,
        confidence=model.confidence,
        seed=model.seed,
        # sampling until the time is up: up to two indices are sampled, each within a third of
        # the request's budget, so the answer comes inside it (a set number of samples or a
        # precision is refused up front when it would not fit)
        max_seconds=budget if model.samples or model.precision else budget * 0.35,
    )


def compute_table(
    result: ScenarioFile,
    indices: list[str],
    *,
    method: str,
    budget: float,
    settings: Settings,
    approximate: ApproximateIn | None,
) -> PowerTable:
    """:func:`powershare.power.power_table` under the server's limits."""
    wanted: str | list[str] = "all" if any(k.strip().lower() == "all" for k in indices) else indices
    return power_table(
        result.game,
        wanted,
        method=method,
        limits=Limits(max_seconds=budget, max_bytes=settings.max_bytes),
        blocs=result.blocs,
        approximate=approximation(approximate, budget),
    )


def rows_by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each member's columns by name, after expanding ``count`` entries."""
    members = data.get("members")
    entries = [m for m in members if isinstance(m, dict)] if isinstance(members, list) else []
    return dict(expand_members(entries))


def column_shares(data: dict[str, Any], names: tuple[str, ...], column: str) -> list[float] | None:
    """Each member's share of a numeric column (``None`` when the column is absent or bad)."""
    rows = rows_by_name(data)
    if not any(column in row for row in rows.values()):
        return None
    try:
        values = [parse_exact(rows.get(name, {}).get(column, 0), what=column) for name in names]
    except PowershareError:
        return None
    total = sum(values, Fraction(0))
    if total <= 0 or any(v < 0 for v in values):
        return None
    return [float(v / total) for v in values]


def shares(table: PowerTable, data: dict[str, Any]) -> dict[str, list[float]]:
    """Seat (weight) and population shares beside the power values."""
    out: dict[str, list[float]] = {}
    weight = table.weight_shares()
    if weight is not None:
        out["weight"] = [float(w) for w in weight]
    else:
        for column in ("seats", "weight"):
            found = column_shares(data, table.game.names, column)
            if found is not None:
                out["weight"] = found
                break
    population = column_shares(data, table.game.names, "population")
    if population is not None:
        out["population"] = population
    return out


def table_dict(
    table: PowerTable, data: dict[str, Any], exact: bool, budget: float
) -> dict[str, Any]:
    """The library's JSON table plus shares and the budget used."""
    out = table.to_dict(exact=exact)
    out["n"] = table.game.n
    out["shares"] = shares(table, data)
    out["budget_seconds"] = budget
    out["labels"] = {key: res.label for key, res in table.results.items()}
    out["error_bounds"] = {
        key: res.error_bound for key, res in table.results.items() if not res.is_exact
    }
    out["quota_facts"] = quota_facts(table.game)
    out["warnings"] = rule_warnings(table.game)
    return out


def quota_facts(game: Any) -> dict[str, Any] | None:
    """A single quota as its share text and its absolute figure (``None`` for other rules).

    Examples
    --------
    >>> quota_facts(WeightedGame.from_values([160, 20, 20], "majority"))
    {'text': 'majority', 'absolute': '101', 'total': '200', 'share': 0.505}
    """
    if not isinstance(game, WeightedGame):
        return None
    from powershare.games.numbers import format_fraction

    total = Fraction(game.total_weight) / game.scale
    return {
        "text": game.quota_text,
        "absolute": format_fraction(game.original_quota),
        "total": format_fraction(total),
        "share": float(game.original_quota / total) if total else 0.0,
    }


def compute_power(
    scenario: ScenarioIn,
    indices: list[str],
    *,
    method: str,
    exact: bool,
    budget: float,
    settings: Settings,
    approximate: ApproximateIn | None,
) -> dict[str, Any]:
    """Build the game and compute its power table (runs in a worker thread)."""
    result = build(scenario, settings)
    table = compute_table(
        result, indices, method=method, budget=budget, settings=settings, approximate=approximate
    )
    return table_dict(table, scenario.mapping(), exact, budget)


def compute_power_plain(
    scenario: dict[str, Any],
    indices: list[str],
    method: str,
    exact: bool,
    budget: float,
    settings: Settings,
    approximate: dict[str, Any] | None,
) -> dict[str, Any]:
    """:func:`compute_power` from plain (picklable) values, for worker processes."""
    return compute_power(
        ScenarioIn.model_validate(scenario),
        indices,
        method=method,
        exact=exact,
        budget=budget,
        settings=settings,
        approximate=None if approximate is None else ApproximateIn.model_validate(approximate),
    )


def warm_up() -> None:
    """Import and exercise the counting code once (run when a worker process starts)."""
    scenario = ScenarioIn.model_validate(
        {"members": [{"name": "A", "weight": 2}, {"name": "B", "weight": 1}], "rule": {"quota": 2}}
    )
    compute_power(
        scenario,
        ["banzhaf", "shapley"],
        method="auto",
        exact=True,
        budget=5,
        settings=Settings(),
        approximate=None,
    )


def compute_structure_plain(
    scenario: dict[str, Any], limit: int, settings: Settings
) -> dict[str, Any]:
    """:func:`compute_structure` from a plain mapping (picklable, for worker processes)."""
    return compute_structure(ScenarioIn.model_validate(scenario), limit, settings)


def compare_plain(
    a: dict[str, Any],
    b: dict[str, Any],
    indices: list[str],
    budget: float,
    settings: Settings,
    approximate: dict[str, Any] | None,
) -> dict[str, Any]:
    """Two scenarios' power tables (each within half the budget), for worker processes."""
    approx = None if approximate is None else ApproximateIn.model_validate(approximate)
    return {
        key: compute_power(
            ScenarioIn.model_validate(data),
            indices,
            method="auto",
            exact=True,
            budget=budget / 2,
            settings=settings,
            approximate=approx,
        )
        for key, data in (("a", a), ("b", b))
    }


def compute_structure(scenario: ScenarioIn, limit: int, settings: Settings) -> dict[str, Any]:
    """Minimal winning/blocking coalitions, veto players, dummies... of the scenario's rule."""
    result = build(scenario, settings)
    facts = structure_facts(
        result.game,
        limit,
        limits=Limits(max_seconds=settings.max_seconds, max_bytes=settings.max_bytes),
    )
    facts["rule"] = result.game.describe()
    facts["warnings"] = rule_warnings(result.game)
    return facts


def parse_members(text: str, filename: str, settings: Settings) -> dict[str, Any]:
    """Members from pasted rows or a CSV file (:func:`powershare.web.editor.parse_members`),
    within the server's member limit."""
    read = read_members(text, filename)
    if len(read["members"]) > settings.max_members:
        raise TooLargeError(
            f"{filename}: {len(read['members'])} members; this server allows at most "
            f"{settings.max_members} (start it with --max-members to change this)"
        )
    return read


def table_csv(data: dict[str, Any]) -> str:
    """One CSV row per member from a power table's JSON dictionary."""
    rows: list[dict[str, Any]] = data["members"]
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    for kind in data.get("shares", {}):
        columns.append(f"share_{kind}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for i, row in enumerate(rows):
        line = []
        for col in columns:
            if col.startswith("share_") and col not in row:
                line.append(data["shares"][col[6:]][i])
            else:
                value = row.get(col, "")
                line.append(";".join(map(str, value)) if isinstance(value, list) else value)
        writer.writerow(line)
    return buffer.getvalue()


def indices_list() -> list[dict[str, Any]]:
    """Known power indices."""
    return [
        {"key": s.key, "label": s.label, "needs_blocs": s.needs_blocs} for s in INDICES.values()
    ]


def methods_list() -> list[dict[str, Any]]:
    """Registered counting methods."""
    return [
        {"name": m.name, "exact": m.exact, "quantities": sorted(m.quantities)} for m in registry
    ]
