"""The report as data: every renderer shows every block type, a section with nothing to say
prints no heading, and a new section appears in every output without touching a renderer."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from powershare.audit import Audit, AuditScenario, audit
from powershare.audit import sections as sections_module
from powershare.audit.report_html import render_html, to_html
from powershare.audit.report_markdown import render_markdown, to_markdown
from powershare.audit.report_model import (
    Block,
    Bullets,
    Excerpt,
    Figure,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)
from powershare.audit.sections import REGISTRY, build_report, build_sections, section
from powershare.cli.render_audit import render_audit, render_report
from powershare.games.weighted import WeightedGame

SVG = '<svg role="img" aria-label="demo"><rect width="1" height="1"/></svg>'


def _terminal_report(report: Report, rows: int | None = 40) -> str:
    out = io.StringIO()
    render_report(report, Console(file=out, width=160), rows)
    return out.getvalue()


def _terminal_audit(a: Audit, rows: int = 40) -> str:
    out = io.StringIO()
    render_audit(a, Console(file=out, width=160), rows)
    return out.getvalue()


def _expected_anchors() -> list[str]:
    """Every registered section but the map (the EEC has no boundaries shipped)."""
    return [spec.anchor for spec in sections_module.REGISTRY if spec.anchor != "map"]


@pytest.fixture(scope="module")
def eec() -> Audit:
    game = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    return audit(AuditScenario("eec", "EEC 1958", game), what_ifs=False)


def _every_block() -> Report:
    blocks: tuple[Block, ...] = (
        Paragraph("A paragraph [bold]not markup[/bold] with a <tag> & an ampersand."),
        Bullets(("first item", "second | item")),
        Table(
            ("member", "power"),
            tuple((f"M{i}", f"{i}%") for i in range(5)),
            ("l", "r"),
            caption="Power of each member.",
        ),
        Figure(lambda: SVG, "A demonstration figure."),
        Note("Not computed: a note."),
        Excerpt("source.md", "# Title\n\nSee https://example.org for more."),
    )
    section = Section("demo", "Demo section: every block", blocks)
    return Report("Demo report", "The introduction.", (section,), banner="A BANNER.")


def test_html_renders_every_block_type() -> None:
    page = render_html(_every_block())
    assert "<h1>Demo report</h1>" in page and '<p class="banner">A BANNER.</p>' in page
    assert '<section id="demo"><h2>Demo section: every block</h2>' in page
    assert '<a href="#demo">Demo section</a>' in page
    assert (
        "<p>A paragraph [bold]not markup[/bold] with a &lt;tag&gt; &amp; an ampersand.</p>" in page
    )
    assert "<li>first item</li><li>second | item</li>" in page
    assert "<caption>Power of each member.</caption>" in page and page.count("<tr>") == 6
    assert '<td class="r">4%</td>' in page
    assert SVG in page and "<figcaption>A demonstration figure.</figcaption>" in page
    assert '<p class="note">Not computed: a note.</p>' in page
    assert "<h3>source.md</h3><pre># Title" in page and "https" not in page
    assert "example.org" in page
    assert SVG not in render_html(_every_block(), with_plots=False)


def test_markdown_renders_every_block_type() -> None:
    text = render_markdown(_every_block())
    assert text.startswith("# Demo report\n\n> **A BANNER.**\n\nThe introduction.\n\n")
    assert "## Demo section: every block\n\nA paragraph [bold]" in text
    assert "- first item\n- second | item\n" in text
    assert "*Power of each member.*\n\n| member | power |\n|---|---:|\n| M0 | 0% |" in text
    assert "| M4 | 4% |" in text
    assert "<svg" not in text and "demonstration figure" not in text  # figures: HTML only
    assert "> Not computed: a note.\n" in text
    assert "### source.md\n\n#### Title\n\nSee https://example.org" in text


def test_terminal_renders_every_block_type() -> None:
    text = _terminal_report(_every_block())
    lines = text.splitlines()
    assert lines[:3] == ["Demo report", "A BANNER.", "The introduction."]
    assert "Demo section: every block" in lines
    assert "[bold]not markup[/bold]" in text  # printed as text, not as rich markup
    assert "  - first item" in lines and "  - second | item" in lines
    assert "Power of each member." in text and "M4" in text
    assert "<svg" not in text and "demonstration figure" not in text  # figures: HTML only
    assert "Not computed: a note." in lines
    assert any("source.md" in line for line in lines) and "example.org" not in text


def test_terminal_cuts_long_tables_at_rows() -> None:
    text = _terminal_report(_every_block(), rows=2)
    assert "M1" in text and "M2" not in text
    assert "3 more rows in the HTML/Markdown/JSON report" in text
    assert "M4" in _terminal_report(_every_block(), rows=None)


def test_every_registered_section_is_in_every_output(eec: Audit) -> None:
    html, markdown, terminal = (
        to_html(eec, with_plots=False),
        to_markdown(eec),
        _terminal_audit(eec),
    )
    built = build_sections(eec)
    assert [s.anchor for s in built] == _expected_anchors()
    for s in built:
        assert f'<section id="{s.anchor}"><h2>{s.heading}</h2>' in html
        assert f"\n## {s.heading}\n" in markdown
        assert s.heading in terminal.splitlines()


def test_no_caveats_and_no_sources_render_sensibly(eec: Audit) -> None:
    markdown = to_markdown(eec)
    assert "## Caveats and assumptions\n\n- None recorded.\n" in markdown
    assert "## Sources\n\n> No source notes were attached to this body.\n" in markdown
    assert "No source notes were attached to this body." in to_html(eec, with_plots=False)
    assert "None recorded." in _terminal_audit(eec)


def test_exclude_leaves_a_section_out(eec: Audit) -> None:
    report = build_report(eec, exclude={"sources"})
    assert "sources" not in [s.anchor for s in report.sections]
    assert "## Sources" not in to_markdown(eec, exclude={"sources"})


def test_a_section_with_nothing_to_say_prints_no_heading(
    eec: Audit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sections_module, "REGISTRY", list(REGISTRY))
    section("silent", "A silent section")(lambda a: None)
    section("empty", "An empty section")(lambda a: [])
    expected = [a for a in _expected_anchors() if a not in {"silent", "empty"}]
    assert [s.anchor for s in build_sections(eec)] == expected
    for text in (to_html(eec, with_plots=False), to_markdown(eec), _terminal_audit(eec)):
        assert "silent section" not in text and "empty section" not in text
        assert 'id="silent"' not in text and 'href="#silent"' not in text


def test_a_new_section_needs_only_its_definition(
    eec: Audit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Register a throwaway section: it appears in the HTML, Markdown and terminal reports."""
    monkeypatch.setattr(sections_module, "REGISTRY", list(REGISTRY))

    @section("throwaway", "A throwaway section")
    def throwaway(a: Audit) -> list[Block]:
        rows = tuple((m.name, f"{float(m.banzhaf):.4f}") for m in a.members)
        return [
            Paragraph(f"{a.scenario.title} has {len(a.members)} members."),
            Table(("member", "Banzhaf"), rows, ("l", "r")),
        ]

    html, markdown, terminal = (
        to_html(eec, with_plots=False),
        to_markdown(eec),
        _terminal_audit(eec),
    )
    assert '<section id="throwaway"><h2>A throwaway section</h2>' in html
    assert '<a href="#throwaway">A throwaway section</a>' in html
    assert "<p>EEC 1958 has 6 members.</p>" in html and '<td class="r">0.2381</td>' in html
    assert "## A throwaway section\n\nEEC 1958 has 6 members.\n\n| member | Banzhaf |" in markdown
    assert "A throwaway section" in terminal.splitlines()
    assert "EEC 1958 has 6 members." in terminal and "0.2381" in terminal
    assert markdown.index("## Sources") < markdown.index("## A throwaway section")  # last
    with pytest.raises(ValueError, match="registered already"):
        section("throwaway", "Again")(throwaway)


def test_blocks_and_sections_check_their_shape() -> None:
    with pytest.raises(ValueError, match="align"):
        Table(("a", "b"), (), ("l",))
    with pytest.raises(ValueError, match="cells"):
        Table(("a", "b"), (("1",),), ("l", "r"))
    with pytest.raises(ValueError, match="anchor"):
        Section("not an anchor", "Heading", (Paragraph("x"),))
    with pytest.raises(ValueError, match="return None"):
        Section("empty", "Heading", ())
