"""The audit of a package: the package section, the plot and the verdict for every shipped
package, in HTML, Markdown, JSON and the terminal; the CLI; two packages compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.audit.package_audit import PackageAudit, audit_package, is_package_spec
from powershare.audit.package_sections import (
    PACKAGE_REGISTRY,
    build_package_report,
    institution_plot_svg,
    package_html,
    package_markdown,
)
from powershare.audit.report_model import Bullets, Table
from powershare.cli.app import app
from powershare.datasets import PACKAGES
from powershare.datasets.files import read_text

SHIPPED = sorted(PACKAGES)


@pytest.fixture(scope="module")
def audits() -> dict[str, PackageAudit]:
    return {name: audit_package(name) for name in SHIPPED}


@pytest.mark.parametrize("name", SHIPPED)
def test_package_audit_html_has_package_section_plot_and_verdict(
    audits: dict[str, PackageAudit], name: str
) -> None:
    pa = audits[name]
    page = package_html(pa)
    assert '<section id="package">' in page and '<section id="verdict">' in page
    assert '<svg role="img" aria-label="package"' in page  # the plot per institution
    assert pa.verdict.startswith("Across the package")
    assert pa.verdict.split(".")[0][:40] in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    md = package_markdown(pa)
    assert "## The package: each party's power per institution and issue area" in md
    assert "## Verdict" in md and "<svg" not in md
    data = pa.to_dict()
    json.dumps(data)
    assert data["verdict"] == pa.verdict and data["kind"] == "package"
    assert {p["name"] for p in data["parties"]} == set(pa.package.party_names)


def test_package_audit_northern_ireland_verdict_and_tables(audits: dict[str, PackageAudit]) -> None:
    pa = audits["northern-ireland-package"]
    v = pa.verdict
    assert "Sinn Féin holds the most power (46.3% salience-weighted, with 30.0% of the seats)" in v
    assert "Sinn Féin and DUP can each block budget and executive decisions alone (veto)" in v
    assert "Alliance and UUP hold 3 of the 10 Executive portfolios but no power" in v
    assert pa.vetoes == {
        "legislation": (),
        "budget": ("Sinn Féin", "DUP"),
        "executive decisions": ("Sinn Féin", "DUP"),
    }
    report = build_package_report(pa)
    anchors = [s.anchor for s in report.sections]
    assert anchors[:6] == ["verdict", "findings", "caveats", "package", "summary", "portfolios"]
    assert "rotation" not in anchors and "comparison" not in anchors
    package = next(s for s in report.sections if s.anchor == "package")
    table = next(
        b for b in package.blocks if isinstance(b, Table) and "Assembly: legislation" in b.header
    )
    rows = {r[0]: r for r in table.rows}
    assert rows["Sinn Féin"][1] == "39.0%" and rows["DUP"][1] == "35.5%"
    assert rows["Alliance"][1] == "7.6%"
    glossary = next(s for s in report.sections if s.anchor == "glossary")
    assert isinstance(glossary.blocks[0], Bullets)
    assert any("Banzhaf" in item for item in glossary.blocks[0].items)


def test_package_audit_bosnia_rotation_and_vetoes(audits: dict[str, PackageAudit]) -> None:
    pa = audits["bosnia-herzegovina-package"]
    v = pa.verdict
    assert "Serb holds the most power (25.2% salience-weighted" in v
    assert "The rotating chair of the Presidency changes nothing a priori." in v
    assert pa.vetoes["foreign policy"] == ("Bosniak", "Croat", "Serb")
    anchors = [s.anchor for s in build_package_report(pa).sections]
    assert "rotation" in anchors


def test_package_audit_illustrative_banner_and_rotation_changes(
    audits: dict[str, PackageAudit],
) -> None:
    pa = audits["afghanistan-package-illustrative"]
    report = build_package_report(pa)
    assert report.banner and "ILLUSTRATIVE" in report.banner
    assert "changes power in executive decisions" in pa.verdict


def test_package_plot_is_self_contained_svg(audits: dict[str, PackageAudit]) -> None:
    svg = institution_plot_svg(audits["northern-ireland-package"], prefix="p1")
    assert svg.startswith("<svg") and "<text" not in svg  # text drawn as paths, no fonts
    assert "#0072b2" in svg.lower()  # the palette's blue
    assert 'href="http' not in svg


def test_package_registry_anchors_are_unique() -> None:
    anchors = [s.anchor for s in PACKAGE_REGISTRY]
    assert len(anchors) == len(set(anchors))


def test_package_audit_compare_two_packages(tmp_path: Path) -> None:
    text = read_text("packages/northern_ireland_package.yaml")
    changed = tmp_path / "ni-no-petition.yaml"
    # the shipped package as a user's file: compared with the shipped one, nothing differs
    changed.write_text(text, encoding="utf-8")
    assert is_package_spec(str(changed)) and not is_package_spec("eec-1958")
    pa = audit_package("northern-ireland-package", compare="bosnia-herzegovina-package")
    data = pa.to_dict()
    assert data["comparison"]["second"].startswith("Bosnia")
    rows = {r["party"]: r for r in data["comparison"]["parties"]}
    assert rows["Sinn Féin"]["second"] is None and rows["Serb"]["first"] is None
    same = audit_package(str(changed), compare="northern-ireland-package").to_dict()
    assert all(r["difference"] == 0 for r in same["comparison"]["parties"])
    page = package_html(pa, with_plots=False)
    assert '<section id="comparison">' in page and "<svg" not in page


def test_package_audit_cli_terminal_json_and_files(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["audit", "northern-ireland-package", "--rows", "5"])
    assert r.exit_code == 0, r.output
    assert "Verdict" in r.output and "The package: each party's power" in r.output
    r = runner.invoke(app, ["audit", "bosnia-herzegovina-package", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["kind"] == "package" and "Serb" in data["verdict"]
    html = tmp_path / "ni.html"
    md = tmp_path / "ni.md"
    for out in (html, md):
        r = runner.invoke(app, ["audit", "northern-ireland-package", "--compare-package",
                                "lebanon-package", "-o", str(out)])  # fmt: skip
        assert r.exit_code == 0, r.output
    assert '<section id="comparison">' in html.read_text(encoding="utf-8")
    assert "## Two packages compared" in md.read_text(encoding="utf-8")
    pkg_file = tmp_path / "ni.yaml"
    pkg_file.write_text(read_text("packages/northern_ireland_package.yaml"), encoding="utf-8")
    r = runner.invoke(app, ["audit", str(pkg_file), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["vetoes"]["budget"] == ["Sinn Féin", "DUP"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["audit", "lebanon-package", "--quota", "2/3"], "--quota applies to one body"),
        (["audit", "eec-1958", "--compare-package", "lebanon-package"], "not a package"),
        (["audit", "lebanon-package", "--compare-package", "nope"], "nope"),
    ],
)
def test_package_audit_cli_refuses_in_one_line(args: list[str], fragment: str) -> None:
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2
    assert fragment in r.output and "Traceback" not in r.output
