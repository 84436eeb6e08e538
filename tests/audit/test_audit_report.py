"""The audit of Afghanistan: figures, and reports that are valid, self-contained and complete."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from powershare.audit import Audit, audit, load_audit_scenario
from powershare.audit.report_html import to_html
from powershare.audit.report_markdown import to_markdown
from powershare.audit.sections import REGISTRY
from powershare.cli.render_audit import render_audit

VOID = {"meta", "br", "img", "hr", "input", "link", "path", "use", "rect", "stop"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.errors: list[str] = []
        self.tags: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for key, value in attrs:
            if key == "id" and value:
                self.ids.append(value)
            if key in {"src", "href"} and value:
                self.refs.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


@pytest.fixture(scope="module")
def afghan() -> Audit:
    return audit(load_audit_scenario("afghanistan"))


@pytest.fixture(scope="module")
def html(afghan: Audit) -> str:
    return to_html(afghan)


def test_html_is_valid_and_self_contained(html: str) -> None:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert html.startswith("<!DOCTYPE html>")
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    assert not re.search(r"https?:", html, re.IGNORECASE)
    assert "<script" not in html and "@import" not in html
    assert all(target.startswith("#") for target in re.findall(r"url\(([^)]*)\)", html))
    assert all(ref.startswith("#") for ref in checker.refs)
    assert "svg" in checker.tags and "<text" not in html  # text drawn as paths: no fonts
    assert html.count("<svg") == 4  # power dots, maps, quota curve, citizen power


def test_html_markdown_and_terminal_contain_every_section(afghan: Audit, html: str) -> None:
    markdown = to_markdown(afghan)
    out = io.StringIO()
    render_audit(afghan, Console(file=out, width=200), rows=40)
    terminal = out.getvalue().splitlines()
    assert len(REGISTRY) >= 12
    for spec in REGISTRY:
        assert f'<section id="{spec.anchor}"><h2>{spec.heading}</h2>' in html
        assert f'<a href="#{spec.anchor}">' in html
        assert f"\n## {spec.heading}\n" in markdown
        assert spec.heading in terminal
    for caveat in afghan.scenario.caveats:
        assert caveat in markdown
    assert "no census since 1979" in html and "Pajhwok" in html


def test_afghan_figures(afghan: Audit) -> None:
    assert afghan.table.is_exact
    kabul = next(m for m in afghan.members if m.name == "Kabul")
    assert kabul.seats == 33 and kabul.banzhaf == max(m.banzhaf for m in afghan.members)
    assert sum(m.banzhaf for m in afghan.members) == 1
    assert sum(m.shapley for m in afghan.members) == 1
    assert afghan.blocking.veto == () and afghan.blocking.smallest_winning_size == 10
    assert afghan.quota_curve is not None and not afghan.quota_curve.sampled
    assert afghan.quota_curve.quotas[0] == 126 and afghan.quota_curve.quotas[-1] == 250
    assert afghan.citizen is not None and len(afghan.citizen) == 4
    given = afghan.citizen[1]
    assert "Hindu and Sikh seat" not in given.units and len(given.units) == 35
    assert afghan.citizen[-1].gini < given.gini  # square-root weights spread power less
    assert [c.label for c in afghan.comparisons] == ["two-thirds"]


def test_json_has_every_figure(afghan: Audit) -> None:
    data = json.loads(json.dumps(afghan.to_dict()))
    assert len(data["members"]) == 36
    for key in ("findings", "caveats", "concentration", "blocking", "quota_curve", "what_if",
                "citizen", "comparisons"):  # fmt: skip
        assert data[key], key
    assert data["members"][0]["banzhaf_exact"].count("/") == 1


def test_illustrative_and_compound_reports() -> None:
    council = audit(load_audit_scenario("afghanistan-council-illustrative"))
    text = to_markdown(council)
    assert "ILLUSTRATIVE" in text and "Pashtun" in text
    assert council.blocking.named(council.blocking.veto) == ["Pashtun"]  # 42 of 100 vs 2/3
    eu = audit(load_audit_scenario("eu-council-lisbon"))
    assert eu.quota_curve is None and eu.citizen is not None
    page = to_html(eu, with_plots=False)
    assert "compound" in page and not re.search(r"https?:", page)


def _section(html: str, anchor: str) -> str:
    start = html.index(f'<section id="{anchor}">')
    return html[start : html.index("</section>", start)]


def test_html_has_the_verdict_glossary_and_map(afghan: Audit, html: str) -> None:
    assert html.index('id="verdict"') < html.index('id="findings"')  # the verdict comes first
    verdict = _section(html, "verdict")
    assert "Power is not equally distributed" in verdict and "Kabul" in verdict
    assert "No member can block alone" in verdict and "Paktika" in verdict
    glossary = _section(html, "glossary")
    for term in ("Banzhaf power", "Gini coefficient", "Laakso-Taagepera", "Jagiellonian",
                 "psi(N)", "Veto", "Blocking coalition", "Percentage points"):  # fmt: skip
        assert term in glossary, term
    assert "Coleman" not in glossary  # only the terms the report uses
    maps = _section(html, "map")
    assert maps.count("<svg") == 1 and "Kuchi (nomads)" in maps  # not on the map: said
    assert "afghanistan_provinces.geojson" in maps
    inputs = _section(html, "inputs")
    assert "powershare 0." in inputs and "Report of 20" in inputs


def test_sources_hold_no_working_notes(html: str) -> None:
    sources, method = _section(html, "sources"), _section(html, "method")
    for internal in ("build.py", "not shipped", "SHA-256", "read in 10 pages", "check plot"):
        assert internal not in sources, internal
        assert internal in method, internal
    assert "NSIA" in sources and "geoBoundaries" in sources


def test_plain_numbers_and_words(afghan: Audit, html: str) -> None:
    assert not re.search(r"\d\.\d+e[-+]\d", html.replace("1e-15", ""))  # no 1.915e-04
    assert "percentage points more Banzhaf power" in " ".join(afghan.findings)
    assert "1,000,000" in _section(html, "decentralisation")


def test_json_has_the_verdict(afghan: Audit) -> None:
    data = afghan.to_dict()
    assert data["verdict"] == afghan.verdict
    assert data["verdict"].startswith("Power is not equally distributed")


def test_terminal_at_80_columns_cuts_no_figure(afghan: Audit) -> None:
    from powershare.audit.tables import members_table

    out = io.StringIO()
    render_audit(afghan, Console(file=out, width=80), rows=40)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    table = members_table(afghan)
    for row in table.rows:
        for cell, align in zip(row, table.align, strict=True):
            if align == "r":
                assert cell in text, cell


def test_terminal_at_80_columns_through_the_cli() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "80"}
    code = "from powershare.cli import main; main()"
    run = subprocess.run(
        [sys.executable, "-c", code, "audit", "eec-1958"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert "…" not in run.stdout and "0.2381" not in run.stdout
    assert "23.81%" in run.stdout and "14.29%" in run.stdout


def test_help_texts_show_the_notation() -> None:
    from typer.testing import CliRunner

    from powershare.cli import app

    for command in ("power", "structure", "audit"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "[q; w1" in " ".join(result.output.split()), command  # wrapped anywhere
