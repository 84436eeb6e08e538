"""Reading files at the edge: text files, YAML/JSON parsing, line numbers of keys, and
validation messages.

``-`` names standard input wherever a file is read (:data:`STDIN`), and a spreadsheet
(``.xlsx``, through the optional ``openpyxl``) is read as the CSV text of its first sheet, so
that every reader of tables takes it (docs/input.md, "Files").

Shared by the scenario files of single-quota bodies (:mod:`powershare.games.scenario`) and of
compound rules (:mod:`powershare.games.rule_schema`), so both report problems the same way:
``file.yaml: members[1].weight (line 3): <what is wrong>``.

Input is bounded before it is parsed (docs/input.md, "Limits"): only regular files of at most
:data:`MAX_FILE_BYTES` are read, YAML and JSON may nest at most :data:`MAX_NESTING` levels, YAML
aliases may expand to at most :data:`MAX_ALIAS_NODES` values, and numbers in YAML and JSON
have at most :data:`~powershare.games.numbers.MAX_DIGITS` digits.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Collection, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from powershare.errors import ParseError, import_optional
from powershare.games.numbers import MAX_DIGITS

if TYPE_CHECKING:
    import yaml
    from pydantic import ValidationError

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_NESTING",
    "STDIN",
    "STDIN_NAME",
    "check_member_count",
    "format_path",
    "is_existing_path",
    "load_mapping",
    "parse_data",
    "read_text_file",
    "sniff_format",
    "validation_message",
    "yaml_key_lines",
]

MAX_FILE_BYTES = 10_000_000
"""The largest input file read (10 MB): far above any real body, small enough to parse in
seconds."""

MAX_NESTING = 100
"""How deeply YAML and JSON may nest (mappings and lists); a scenario needs about ten levels."""

MAX_MEMBERS = 100_000
"""The most members a body may have (rows of a CSV, ``count:`` entries added up): the bound is
checked before members are expanded or parsed."""

MAX_ALIAS_NODES = 100_000
"""How many values YAML aliases (``*name``) may stand for in all; a few kilobytes of nested
aliases could otherwise stand for billions ("billion laughs")."""


STDIN = "-"
"""The file name that stands for standard input."""

STDIN_NAME = "standard input"
"""How messages name standard input."""

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm"})
"""Suffixes read as spreadsheets (the first sheet, as CSV text)."""


def is_existing_path(text: str | Path) -> bool:
    """Whether ``text`` names an existing file or directory; ``False`` (never an exception) for
    text that cannot be a path: too long, a NUL byte, no permission.

    >>> is_existing_path("A:1, " * 100), is_existing_path("no\\0such")
    (False, False)
    """
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False


def read_text_file(path: str | Path, *, what: str = "file", max_bytes: int | None = None) -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped).

    Only regular files of at most :data:`MAX_FILE_BYTES` are read: a device (``/dev/zero``),
    a pipe or an oversized file is refused before a byte is read.  ``-`` (:data:`STDIN`) reads
    standard input, within the same bound.  A spreadsheet (``.xlsx``) gives the CSV text of its
    first sheet (tab separated; needs the optional ``openpyxl``: ``powershare[excel]``).

    Parameters
    ----------
    path
        The file.
    what
        What the file is, for the messages (e.g. ``"populations file"``).
    max_bytes
        The size bound (default :data:`MAX_FILE_BYTES`), e.g. larger for map boundaries.

    Raises
    ------
    ParseError
        One line naming the file when it is missing, a directory, not a regular file, larger
        than the bound, not UTF-8 or unreadable.
    """
    name = str(path)
    bound = MAX_FILE_BYTES if max_bytes is None else max_bytes
    if name == STDIN:
        return _read_stdin(what, bound)
    if Path(name).suffix.lower() in SPREADSHEET_SUFFIXES:
        return _spreadsheet_text(name, what, bound)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise ParseError(f"{name!r} is not a regular file; give a {what} saved on disk")
        if info.st_size > bound:
            raise ParseError(_too_big(what, name, info.st_size, bound))
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ParseError(f"{name!r} is not a regular file; give a {what} saved on disk")
            data = handle.read(bound + 1)
        if len(data) > bound:
            raise ParseError(_too_big(what, name, len(data), bound))
        return data.decode("utf-8-sig")
    except ParseError:
        raise
    except FileNotFoundError:
        raise ParseError(f"{what} {name!r} does not exist") from None
    except IsADirectoryError:
        raise ParseError(f"{name!r} is a directory, not a {what}") from None
    except UnicodeDecodeError:
        raise ParseError(f"{what} {name!r} is not UTF-8 text") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ParseError(f"cannot read {what} {name!r}: {reason}") from None


def _read_stdin(what: str, bound: int) -> str:
    """Standard input as text, within ``bound`` bytes."""
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = stream.read(bound + 1) if stream is not None else sys.stdin.read(bound + 1).encode()
    except (OSError, ValueError) as exc:
        raise ParseError(f"cannot read {what} from {STDIN_NAME}: {exc}") from None
    if len(data) > bound:
        raise ParseError(f"{what} on {STDIN_NAME} is larger than {bound:,} bytes, the limit")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"{what} on {STDIN_NAME} is not UTF-8 text") from None


def _spreadsheet_text(name: str, what: str, bound: int) -> str:
    """The first sheet of an ``.xlsx`` file as tab-separated text (numbers written exactly:
    whole numbers as integers, others by their shortest decimal)."""
    openpyxl = import_optional("openpyxl", "reading .xlsx files")
    try:
        size = os.stat(name).st_size
    except FileNotFoundError:
        raise ParseError(f"{what} {name!r} does not exist") from None
    except OSError as exc:
        raise ParseError(f"cannot read {what} {name!r}: {exc.strerror}") from None
    if size > bound:
        raise ParseError(_too_big(what, name, size, bound))
    try:
        book = openpyxl.load_workbook(name, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zipfile, KeyError, XML errors)
        raise ParseError(f"{what} {name!r} is not a readable .xlsx workbook ({exc})") from None
    try:
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        for count, row in enumerate(book.worksheets[0].iter_rows(values_only=True)):
            if count > MAX_MEMBERS + 1:
                raise ParseError(f"{what} {name!r} has more than {MAX_MEMBERS:,} rows, the limit")
            writer.writerow(["" if v is None else _cell_text(v) for v in row])
        return out.getvalue()
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_YAML_KEY = re.compile(r"^[A-Za-z_][\w -]*:(\s|$)", re.MULTILINE)


def sniff_format(text: str) -> str:
    """What text read from standard input holds: ``"json"``, ``"yaml"``, ``"notation"`` or
    ``"csv"``.

    JSON starts with ``{``; the notation with ``[``; YAML has a top-level ``key:`` line (a
    scenario's ``members:`` or ``rule:``) or starts with ``---``; anything else is CSV.

    >>> [sniff_format(t) for t in ('{"members": []}', "[3; 2, 1, 1]", "members:\\n- A", "A;3")]
    ['json', 'notation', 'yaml', 'csv']
    """
    head = text.lstrip()
    if head.startswith("{"):
        return "json"
    if head.startswith("["):
        return "notation"
    if head.startswith("---") or _YAML_KEY.search(text):
        return "yaml"
    return "csv"


def check_member_count(count: int, *, source: str) -> None:
    """Refuse a body of more than :data:`MAX_MEMBERS` members before it is expanded.

    >>> try:
    ...     check_member_count(10**9, source="body.yaml")
    ... except ParseError as exc:
    ...     print(exc)
    body.yaml has 1,000,000,000 members; bodies are limited to 100,000 members
    """
    if count > MAX_MEMBERS:
        raise ParseError(
            f"{source} has {count:,} members; bodies are limited to {MAX_MEMBERS:,} members"
        )


def _too_big(what: str, name: str, size: int, bound: int) -> str:
    return f"{what} {name!r} has {size:,} bytes; input files are limited to {bound:,} bytes"


class _LimitError(Exception):
    """An input bound was passed while parsing (turned into a :class:`ParseError`)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _nesting_message() -> str:
    return f"nested more than {MAX_NESTING} levels deep; nesting is limited to {MAX_NESTING} levels"


def _number_message(digits: int) -> str:
    return f"a number has {digits:,} digits; numbers are limited to {MAX_DIGITS:,} digits"


@cache
def _bounded_loader() -> type[yaml.SafeLoader]:
    """The bounded safe loader class, made on first use: PyYAML takes 16-20 ms to import (its
    reader compiles regular expressions of Unicode ranges), which commands reading no YAML
    never pay."""
    import yaml

    class _BoundedLoader(yaml.SafeLoader):
        """The safe YAML loader with bounds: nesting depth, alias expansion, digits of numbers.

        Aliases share one object in the parsed data, but every reader walks them as copies; the
        loader therefore counts, for each anchored node, how many values it stands for, and adds
        that number at each alias.  A recursive alias (``&a [*a]``) is refused.
        """

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0
            self._sizes: dict[int, int] = {}
            self._count = 0
            self._aliased = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                target = self.anchors.get(event.anchor)
                if target is not None:
                    line = event.start_mark.line + 1
                    size = self._sizes.get(id(target))
                    if size is None:
                        raise _LimitError(f"the alias *{event.anchor} refers to itself", line)
                    self._aliased += size
                    self._count += size
                    if self._aliased > MAX_ALIAS_NODES:
                        raise _LimitError(
                            f"aliases (*name) stand for more than {MAX_ALIAS_NODES:,} values; "
                            f"aliases are limited to {MAX_ALIAS_NODES:,} values in all",
                            line,
                        )
                return super().compose_node(parent, index)
            self._depth += 1
            if self._depth > MAX_NESTING:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _LimitError(_nesting_message(), event.start_mark.line + 1)
            before = self._count
            node = super().compose_node(parent, index)
            self._depth -= 1
            self._count += 1
            self._sizes[id(node)] = self._count - before
            return node

        def construct_yaml_int(self, node: Any) -> Any:
            digits = sum(c.isdigit() for c in str(node.value))
            if digits > MAX_DIGITS:
                raise _LimitError(_number_message(digits), node.start_mark.line + 1)
            return super().construct_yaml_int(node)

        def construct_yaml_float(self, node: Any) -> Any:
            text = str(node.value)
            digits = sum(c.isdigit() for c in text)
            if digits > MAX_DIGITS:
                raise _LimitError(_number_message(digits), node.start_mark.line + 1)
            value = super().construct_yaml_float(node)
            return _exact_float(text.replace("_", ""), value)

    _BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)
    _BoundedLoader.add_constructor("tag:yaml.org,2002:float", _BoundedLoader.construct_yaml_float)
    return _BoundedLoader


def _exact_float(text: str, value: float) -> float | str:
    """``value`` when it is exactly the decimal ``text``, else ``text`` (read exactly later):
    ``0.1`` stays a float (read back as one tenth), ``1.0e400`` or
    ``0.12345678901234567890123`` stay text instead of becoming infinity or losing digits."""
    if not isinstance(value, float):
        return value
    try:
        dec = Decimal(text)
    except InvalidOperation:
        return value
    if not dec.is_finite():
        return value
    if value != value or value in (float("inf"), float("-inf")):
        return text
    return value if Decimal(repr(value)) == dec else text


def _json_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _LimitError(_number_message(digits))
    return int(text)


def _json_float(text: str) -> float | str:
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise _LimitError(_number_message(digits))
    return _exact_float(text, float(text))


def _json_depth(data: Any) -> int:
    """The nesting depth of parsed JSON (without recursion)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_NESTING:
                return depth
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest


def _load_yaml(text: str, source: str) -> Any:
    import yaml

    loader = None
    try:
        loader = _bounded_loader()(text)  # reading starts here: it may refuse a character
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "syntax error"
        raise ParseError(f"{source}{where}: not valid YAML ({problem})") from None
    finally:
        if loader is not None:
            loader.dispose()


def parse_data(text: str, *, source: str, is_json: bool) -> Any:
    """Parse YAML (the safe subset) or JSON text within the input bounds.

    Nesting deeper than :data:`MAX_NESTING`, YAML aliases standing for more than
    :data:`MAX_ALIAS_NODES` values and numbers of more than
    :data:`~powershare.games.numbers.MAX_DIGITS` digits are refused while parsing.  Decimals
    that a float would not hold exactly (``1.0e400``, ``0.1234567890123456789``) are kept as
    text, to be read exactly by :func:`~powershare.games.numbers.parse_exact`.

    >>> parse_data('{"w": [0.5, 1e400]}', source="x.json", is_json=True)
    {'w': [0.5, '1e400']}
    >>> parse_data("a: &a [1, 2]\\nb: *a", source="x.yaml", is_json=False)
    {'a': [1, 2], 'b': [1, 2]}

    Raises
    ------
    ParseError
        Naming ``source``, the line (where known) and the bound or the syntax error.
    """
    try:
        if is_json:
            data: Any = json.loads(text, parse_int=_json_int, parse_float=_json_float)
            if _json_depth(data) > MAX_NESTING:
                raise _LimitError(_nesting_message())
        else:
            data = _load_yaml(text, source)
    except _LimitError as exc:
        where = f", line {exc.line}" if exc.line else ""
        raise ParseError(f"{source}{where}: {exc}") from None
    except RecursionError:
        raise ParseError(f"{source}: {_nesting_message()}") from None
    except json.JSONDecodeError as exc:
        raise ParseError(f"{source}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    return data


def load_mapping(text: str, *, source: str, is_json: bool) -> dict[str, Any]:
    """Parse YAML or JSON text that must hold a mapping (see :func:`parse_data`).

    Raises
    ------
    ParseError
        Naming ``source`` and the line of a syntax error or of a passed bound.
    """
    data = parse_data(text, source=source, is_json=is_json)
    if not isinstance(data, dict):
        raise ParseError(f"{source}: expected a mapping with keys 'members' and 'rule'")
    return data


def yaml_key_lines(text: str) -> dict[str, int]:
    """Dotted key paths (``rule.criteria.1.quota``) to 1-based YAML line numbers."""
    import yaml

    loader = None
    try:
        loader = _bounded_loader()(text)
        root = loader.get_single_node()
    except (yaml.YAMLError, _LimitError, RecursionError):
        return {}
    finally:
        if loader is not None:
            loader.dispose()
    found: dict[str, int] = {}
    seen: set[int] = set()

    def walk(node: yaml.Node, path: str) -> None:
        found.setdefault(path, node.start_mark.line + 1)
        if id(node) in seen:  # an alias: its lines are those of its anchor
            return
        seen.add(id(node))
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
