"""The audit report as data: typed blocks, sections and the report, for generic renderers.

A report is a title, an optional banner, an introductory line and an ordered list of
:class:`Section`; a section is an anchor, a heading and a list of blocks. The renderers
(:mod:`powershare.audit.report_html`, :mod:`powershare.audit.report_markdown` and the terminal
renderer in :mod:`powershare.cli.render_audit`) know every block type and no section: a new
section is written once, in :mod:`powershare.audit.sections`, and appears in every output.

Block types and how each output shows them (HTML / Markdown / terminal):

- :class:`Paragraph`: a paragraph / a paragraph / a line of text;
- :class:`Bullets`: a list / ``- item`` lines / ``  - item`` lines;
- :class:`Table`: a table / a pipe table / a rich table (cut at ``--rows``, saying so);
- :class:`Figure`: inline SVG / left out / left out (figures are HTML only);
- :class:`Note`: a muted paragraph / a ``>`` quote / dimmed text;
- :class:`Excerpt`: a heading and preformatted text / a heading and the text / the title only.

>>> t = Table(("member", "power"), (("A", "50%"), ("B", "50%")), ("l", "r"))
>>> s = Section("power", "Power per member", (Paragraph("Exact."), t))
>>> [type(b).__name__ for b in s.blocks], s.nav
(['Paragraph', 'Table'], 'Power per member')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from powershare.errors import InvalidInputError
from powershare.games.display import TableData, to_dataframe

__all__ = [
    "Block",
    "Bullets",
    "Excerpt",
    "Figure",
    "Note",
    "Paragraph",
    "Report",
    "Section",
    "Table",
]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A header and rows of cell text; ``align`` has ``"l"`` or ``"r"`` per column.

    ``caption`` (optional) says what the cells are. ``truncate``: the terminal may show only
    the first rows (its ``--rows`` limit) and say how many more the report files have; short
    tables that should always be whole set it to ``False``.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    caption: str | None = None
    truncate: bool = True

    def to_pandas(self) -> Any:
        """The table as a :class:`pandas.DataFrame` of its cell text, indexed by its first
        column (needs the optional ``pandas``; the exact numbers are on the audit itself)."""
        columns = [(h, [row[j] for row in self.rows]) for j, h in enumerate(self.header) if j]
        return to_dataframe(TableData(self.header[0], [row[0] for row in self.rows], columns))

    def __post_init__(self) -> None:
        if len(self.align) != len(self.header) or any(a not in ("l", "r") for a in self.align):
            raise ValueError(f"align {self.align!r}: one 'l' or 'r' per column of {self.header}")
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"row {row!r} has {len(row)} cells; the header has "
                                 f"{len(self.header)}")  # fmt: skip


@dataclass(frozen=True)
class Figure:
    """A plot: ``svg()`` draws it as inline SVG text (called only by the HTML report, and only
    when it shows plots); ``caption`` says in words what it shows. Outputs without images
    leave figures out (the tables beside them carry the figures' numbers)."""

    svg: Callable[[], str]
    caption: str


@dataclass(frozen=True)
class Note:
    """A remark set apart from the text: why something was not computed, a limit."""

    text: str


@dataclass(frozen=True)
class Excerpt:
    """A titled document quoted in full (e.g. a data file's source notes). ``text`` may be
    Markdown; its headings are demoted below the excerpt's title in the Markdown report."""

    title: str
    text: str


Block = Paragraph | Bullets | Table | Figure | Note | Excerpt
"""Every block type a section may hold; each renderer handles each one."""


@dataclass(frozen=True)
class Section:
    """One section of the report: ``anchor`` (an HTML id: lower case, digits and ``-``), a
    ``heading`` and its blocks, in order."""

    anchor: str
    heading: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        if not self.anchor or not all(c.isalnum() or c == "-" for c in self.anchor):
            raise ValueError(f"section anchor {self.anchor!r}: letters, digits and '-' only")
        if not self.blocks:
            raise ValueError(f"section {self.anchor!r} has no blocks: return None instead")

    @property
    def nav(self) -> str:
        """A short label for a table of contents: the heading up to its first colon."""
        return self.heading.split(":")[0]


@dataclass(frozen=True)
class Report:
    """A whole report: ``title``, an optional ``banner`` (a warning shown prominently), an
    ``intro`` line and the sections in order."""

    title: str
    intro: str
    sections: tuple[Section, ...]
    banner: str | None = None

    def tables(self) -> dict[str, Table]:
        """Every table of the report by ``anchor`` (``anchor-2`` for a section's second)."""
        out: dict[str, Table] = {}
        for section in self.sections:
            found = [b for b in section.blocks if isinstance(b, Table)]
            for j, table in enumerate(found):
                out[section.anchor if j == 0 else f"{section.anchor}-{j + 1}"] = table
        return out

    def to_pandas(self) -> Any:
        """The report's member table (its first table, of the ``power`` section when there is
        one) as a :class:`pandas.DataFrame` of cell text; see :meth:`tables` for the rest."""
        tables = self.tables()
        if not tables:
            raise InvalidInputError("the report has no table to convert; it has only text")
        return tables.get("power", next(iter(tables.values()))).to_pandas()
