"""Reading files at the edge: text files, YAML/JSON parsing, line numbers of keys, and
validation messages.

Shared by the scenario files of single-quota bodies (:mod:`powershare.games.scenario`) and of
compound rules (:mod:`powershare.games.rule_schema`), so both report problems the same way:
``file.yaml: members[1].weight (line 3): <what is wrong>``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from powershare.errors import ParseError

__all__ = ["format_path", "load_mapping", "read_text_file", "validation_message", "yaml_key_lines"]


def read_text_file(path: str | Path, *, what: str = "file") -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped).

    Parameters
    ----------
    path
        The file.
    what
        What the file is, for the messages (e.g. ``"populations file"``).

    Raises
    ------
    ParseError
        One line naming the file when it is missing, a directory, not UTF-8 or unreadable.
    """
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ParseError(f"{what} {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise ParseError(f"{str(path)!r} is a directory, not a {what}") from None
    except UnicodeDecodeError:
        raise ParseError(f"{what} {str(path)!r} is not UTF-8 text") from None
    except OSError as exc:
        raise ParseError(f"cannot read {what} {str(path)!r}: {exc.strerror}") from None


def load_mapping(text: str, *, source: str, is_json: bool) -> dict[str, Any]:
    """Parse YAML or JSON text that must hold a mapping.

    Raises
    ------
    ParseError
        Naming ``source`` and the line of a syntax error.
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
    return data


def yaml_key_lines(text: str) -> dict[str, int]:
    """Dotted key paths (``rule.criteria.1.quota``) to 1-based YAML line numbers."""
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


def format_path(loc: Sequence[int | str], skip: Collection[str] = ()) -> str:
    """``("members", 1, "weight")`` -> ``members[1].weight`` (``skip``: pydantic's tags)."""
    out = ""
    for part in loc:
        if isinstance(part, str) and part in skip:
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validation_message(
    exc: ValidationError,
    *,
    source: str,
    lines: dict[str, int] | None,
    unknown_key_hint: str,
    skip: Collection[str] = (),
) -> str:
    """One line describing the first three problems of a pydantic validation error."""
    problems = []
    for err in exc.errors()[:3]:
        loc = err["loc"]
        dotted = ".".join(str(p) for p in loc if not (isinstance(p, str) and p in skip))
        line = lines.get(dotted) if lines else None
        where = f" (line {line})" if line else ""
        msg = unknown_key_hint if err["type"] == "extra_forbidden" else err["msg"]
        msg = msg.removeprefix("Value error, ")
        problems.append(f"{format_path(loc, skip)}{where}: {msg}" if loc else msg)
    more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
    return f"{source}: " + "; ".join(problems) + more
