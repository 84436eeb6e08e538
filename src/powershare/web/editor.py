"""What the editor of the web app reads and carries: shipped datasets with their notes,
member tables of any header, and messages in plain words.

Used by :mod:`powershare.web.service` (the routes call that module): a shipped body comes
from the one registry (:mod:`powershare.datasets`) with its caveats, sources and
populations; pasted rows and CSV files are read by :mod:`powershare.games.columns`.
"""

from __future__ import annotations

import re
from typing import Any

from powershare.audit.geometry import Regions, read_geojson
from powershare.datasets import DATASETS, Dataset, find, read_text, scenario_mapping
from powershare.errors import PowershareError, UnknownNameError
from powershare.games.columns import clean_number, looks_like_inline, parse_inline, parse_table
from powershare.games.scenario import ScenarioFile
from powershare.games.weighted import WeightedGame
from powershare.web.models import ScenarioIn

__all__ = [
    "dataset_audit_extras",
    "dataset_regions",
    "dataset_scenario",
    "parse_members",
    "plain_error",
    "plain_message",
]


_PYDANTIC_WORDS = (
    ("Field required", "is missing"),
    ("Extra inputs are not permitted", "is not a known field"),
    ("unknown key; the keys are described in docs/input.md", "is not a known field"),
    ("Input should be a valid number, unable to parse string as a number", "must be a number"),
    ("Input should be a valid number", "must be a number"),
    ("Input should be a valid string", "must be text"),
    ("Input should be a valid list", "must be a list"),
    ("Input should be a valid dictionary", "must be a mapping of keys to values"),
)
_MEMBER_PATH = re.compile(r"\bmembers\[(\d+)\](?:\.(\w+))?")
_CRITERION_PATH = re.compile(r"\.criteria\[(\d+)\]")
_SOURCE_PREFIX = re.compile(r"^(scenario|request|body)(\.|: )")


def plain_message(message: str) -> str:
    """A library or validation message in plain words: key paths become "member 1: name".

    Examples
    --------
    >>> plain_message("scenario: members[0].name: Field required")
    'member 1: name is missing'
    >>> plain_message("scenario: rule.criteria[1].quota: Field required")
    'rule, criterion 2: quota is missing'
    >>> plain_message("scenario: members: weight of 'A' is -4; weights must be 0 or more")
    "members: weight of 'A' is -4; weights must be 0 or more"
    """
    text = _SOURCE_PREFIX.sub("", message.strip())
    for raw, plain in _PYDANTIC_WORDS:
        text = text.replace(raw, plain)

    def member(m: re.Match[str]) -> str:
        column = f": {m.group(2)}" if m.group(2) else ""
        return f"member {int(m.group(1)) + 1}{column}"

    text = _MEMBER_PATH.sub(member, text)
    text = _CRITERION_PATH.sub(lambda m: f", criterion {int(m.group(1)) + 1}", text)
    text = re.sub(r"(member \d+: \w+): (is missing|is not a known field|must be)", r"\1 \2", text)
    text = re.sub(r"(rule(?:, criterion \d+)*)\.(\w+): (is missing|must be)", r"\1: \2 \3", text)
    return text


def plain_error(exc: PowershareError, source: str) -> PowershareError:
    """The same error with :func:`plain_message` words (the original when it cannot be)."""
    try:
        return type(exc)(plain_message(str(exc).removeprefix(f"{source}: ")))
    except TypeError:  # pragma: no cover - an error class with another constructor
        return exc


_SHARE_QUOTA = re.compile(r"[A-Za-z%/]")
MAX_NOTE_CHARS = 19_000
"""Longest description or source text put in an editable scenario (the API takes 20,000)."""


def _find_dataset(name: str) -> Dataset:
    info = find(name)
    if info is None:
        raise UnknownNameError(f"unknown dataset {name!r}; shipped datasets: {', '.join(DATASETS)}")
    return info.load()


def _clip(text: str) -> str:
    if len(text) <= MAX_NOTE_CHARS:
        return text
    return text[:MAX_NOTE_CHARS].rsplit("\n", 1)[0] + "\n[... the full notes are in the report]"


def dataset_scenario(name: str) -> dict[str, Any]:
    """A shipped dataset as an editable scenario mapping that carries what is known about it.

    The scenario keeps the dataset's name (``dataset``), its caveats (``description``) and its
    source notes (``source``), so that every download and report made from the editor carries
    them; members keep their populations.  A quota the source defines as a share (the game's
    ``quota_text``: ``majority``, ``2/3``) is stored as that text, so it keeps its meaning when
    seats change; an absolute quota from the source (EEC: 12 of 17) stays absolute.

    Examples
    --------
    >>> d = dataset_scenario("afghanistan")
    >>> d["scenario"]["rule"], d["scenario"]["dataset"], "population" in d["scenario"]["members"][0]
    ({'quota': 'majority'}, 'afghanistan', True)
    >>> dataset_scenario("eec-1958")["scenario"]["rule"]
    {'quota': 12}
    """
    dataset = _find_dataset(name)
    scenario = scenario_mapping(dataset)
    game = dataset.game
    rule = scenario.get("rule")
    if (
        isinstance(game, WeightedGame)
        and isinstance(rule, dict)
        and set(rule) <= {"quota", "type", "weight"}
        and game.quota_text
        and _SHARE_QUOTA.search(game.quota_text)
    ):
        scenario["rule"] = {**rule, "quota": game.quota_text}
    scenario["dataset"] = dataset.name
    scenario.setdefault("description", _clip("\n".join(dataset.caveats)))
    notes = "\n\n".join(f"{file}:\n{text.strip()}" for file, text in dataset.sources)
    scenario.setdefault("source", _clip(notes or dataset.source))
    return {
        "name": dataset.name,
        "title": dataset.title,
        "caveats": " ".join(dataset.caveats),
        "source": dataset.source,
        "scenario": scenario,
    }


def dataset_audit_extras(scenario: ScenarioIn, result: ScenarioFile) -> dict[str, Any]:
    """What a shipped dataset adds to the audit of a scenario edited from it.

    Keyword arguments of :class:`~powershare.audit.AuditScenario`: the dataset's caveats and
    full source notes, what its populations are, whether the body is illustrative, its
    comparisons (the same body under other quotas, re-based on the edited weights) and its
    members' boundaries for the maps (:func:`dataset_regions`).  Empty when the scenario names
    no shipped dataset.
    """
    if not scenario.dataset or find(scenario.dataset) is None:
        return {}
    dataset = _find_dataset(scenario.dataset)
    game = result.game
    comparisons: list[tuple[str, Any]] = []
    if isinstance(game, WeightedGame):
        for label, other in dataset.comparisons:
            text = getattr(other, "quota_text", "")
            if not text or not _SHARE_QUOTA.search(text):
                continue
            try:
                comparisons.append((label, game.with_quota(text)))
            except PowershareError:
                continue
    extras: dict[str, Any] = {
        "caveats": tuple(
            dict.fromkeys(
                (
                    *dataset.caveats,
                    *(
                        [scenario.description]
                        if scenario.description
                        and scenario.description != "\n".join(dataset.caveats)
                        else []
                    ),
                )
            )
        ),
        "sources": dataset.sources,
        "population_label": dataset.population_label,
        "populations_are_counts": dataset.populations_are_counts,
        "units": dataset.units,
        "illustrative": dataset.illustrative,
    }
    if comparisons:
        extras["comparisons"] = tuple(comparisons)
    regions = dataset_regions(dataset, game.names)
    if regions is not None:
        extras["geometry"] = regions
    return extras


def dataset_regions(dataset: Dataset, names: tuple[str, ...]) -> Regions | None:
    """The shipped boundaries of ``dataset`` joined to the (edited) members ``names``.

    Features join by name to the current members or, failing that, to the dataset's own
    members, so that a province removed or renamed in the editor only leaves the map (its
    feature is not an error); members without a boundary are ``missing``.  ``None`` when the
    dataset has no boundaries or no current member has one.
    """
    if dataset.geometry is None:
        return None
    # the current names come last: where both spell a name alike, the current one is joined
    known = tuple(dict.fromkeys((*dataset.game.names, *names)))
    joined = read_geojson(read_text(dataset.geometry), known, source=dataset.geometry)
    current = set(names)
    shapes = {n: s for n, s in joined.shapes.items() if n in current}
    if not shapes:
        return None
    missing = tuple(n for n in names if n not in shapes)
    return Regions(shapes, joined.key, joined.source, missing)


# -- pasted and uploaded member tables ---------------------------------------------------
_KNOWN_COLUMNS = ("weight", "population", "bloc", "count", "seats")


def _cell(text: str) -> str | int | float:
    """A table cell as a number when it is a plain one (``1,234`` too), else the text."""
    cleaned = clean_number(text)
    if re.fullmatch(r"[+-]?\d{1,15}", cleaned):
        return int(cleaned)
    if re.fullmatch(r"[+-]?\d{0,15}\.\d{1,15}", cleaned) and repr(float(cleaned)) == cleaned:
        return float(cleaned)
    return text.strip()


def parse_members(text: str, filename: str) -> dict[str, Any]:
    """Members from pasted rows or a CSV file, read by :mod:`powershare.games.columns`.

    Any header (the name column is detected: ``name``, ``party``, ``state``... or the first
    text column) and any separator (comma, semicolon, tab), or an inline ``A:1, B:2`` list.
    The value column (``weight``, ``seats``, ``votes``... or the only numeric one) becomes
    ``weight`` unless the table has a ``weight`` column; every other column is kept.

    Examples
    --------
    >>> r = parse_members("Party;Seats\\nLabour;411\\nConservative;121\\n", "pasted")
    >>> r["members"][0], r["name_column"], r["weight_column"]
    ({'name': 'Labour', 'weight': 411}, 'Party', 'Seats')
    """
    if looks_like_inline(text) and "\n" not in text.strip():
        table = parse_inline(text, source=filename)
    else:
        table = parse_table(text, source=filename)
    value_col = table.value_col
    has_weight = any(h.strip().lower() == "weight" for h in table.columns)
    renamed: dict[str, str] = {}
    for header in table.columns:
        if header == table.name_col:
            continue
        key = header.strip()
        if key.lower() in _KNOWN_COLUMNS:
            key = key.lower()
        if header == value_col and not has_weight:
            key = "weight"
        renamed[header] = key
    members: list[dict[str, Any]] = []
    for i, name in enumerate(table.names):
        member: dict[str, Any] = {"name": name}
        if not table.columns:  # inline list or a table without a header
            member["weight"] = _cell(table.values[i])
        for header, key in renamed.items():
            cell = table.columns[header][i]
            if cell != "":
                member[key] = cell.strip() if key == "bloc" else _cell(cell)
        members.append(member)
    return {
        "members": members,
        "name_column": table.name_col,
        "weight_column": value_col,
        "columns": ["name", *dict.fromkeys(renamed.values())],
    }
