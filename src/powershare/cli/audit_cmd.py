"""``powershare audit SCENARIO``: the power-sharing audit, in the terminal or as a report file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from powershare.cli.errors import reports_errors
from powershare.cli.options import (
    JsonOption,
    MaxMemoryOption,
    MaxSecondsOption,
    QuotaOption,
    check_one_format,
    is_read_by_cli,
    make_limits,
    read_body,
)
from powershare.cli.output import emit, json_text
from powershare.cli.render_audit import render_audit, render_report
from powershare.cli.terminal import new_console
from powershare.errors import InvalidInputError

__all__ = ["audit_command", "register", "render_audit"]

SCENARIO_HELP = (
    "A body to audit: any dataset name (see 'powershare datasets': afghanistan, "
    "eu-council-lisbon, eu-council-nice, us-house-2020, ...), the notation '[q; w1, w2, ...]', "
    "a 'Name:weight' list, a CSV, TSV, .xlsx or scenario file (members may carry "
    "'population'), '-' for standard input; or a "
    "package (several institutions): a shipped package name (northern-ireland-package, "
    "bosnia-herzegovina-package, ...) or a 'package:' file."
)
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json"}


@reports_errors
def audit_command(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP, show_default=False)],
    quota: QuotaOption = None,
    populations: Annotated[
        Path | None,
        typer.Option(
            "--populations",
            help="CSV with a name and a population column (head-counts; comma, semicolon or tab).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report: .html (with plots), .md or .json by suffix."
        ),
    ] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[
        bool,
        typer.Option(
            "--csv",
            help="Print CSV: one row per member (or party of a package), its seats, shares and "
            "power (integers beyond 2^53 also as text, in a column <name>_exact).",
        ),
    ] = False,
    no_plots: Annotated[
        bool, typer.Option("--no-plots", help="HTML without plots (faster).")
    ] = False,
    rows: Annotated[int, typer.Option("--rows", help="Most rows per table in the terminal.")] = 40,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="GeoJSON of the members' boundaries (Polygon/MultiPolygon features, at most "
            "20 MB), joined by member name: the HTML report draws maps of seats, power and "
            "citizen power per person. Shipped for afghanistan.",
        ),
    ] = None,
    map_key: Annotated[
        str | None,
        typer.Option(
            "--map-key",
            help="The GeoJSON feature property holding the member name (default: the property "
            "whose values match the most member names).",
        ),
    ] = None,
    compare_package: Annotated[
        str | None,
        typer.Option(
            "--compare-package",
            help="Packages only: another package (name or file) shown side by side.",
        ),
    ] = None,
    max_seconds: MaxSecondsOption = None,
    max_memory: MaxMemoryOption = None,
) -> None:
    """Audit a body: is power equally distributed and decentralised; who gains, who loses?"""
    check_one_format(as_json, as_csv)
    from powershare.audit import audit, load_audit_scenario, read_populations
    from powershare.audit.package_audit import is_package_spec

    kind: str | None = None
    if output is not None:
        kind = _SUFFIXES.get(output.suffix.lower())
        if kind is None:
            raise InvalidInputError(
                f"--output {str(output)!r}: unknown suffix {output.suffix!r}; allowed: .html, "
                ".md, .json"
            )
    if rows < 1:
        raise InvalidInputError(f"--rows {rows} must be 1 or more")
    if is_package_spec(scenario):
        for given, flag in ((quota, "--quota"), (populations, "--populations"),
                            (map_file, "--map"), (map_key, "--map-key")):  # fmt: skip
            if given is not None:
                raise InvalidInputError(f"{flag} applies to one body, not to a package")
        _audit_package(scenario, compare_package, output, kind, as_json, as_csv, no_plots, rows)
        return
    if compare_package is not None:
        raise InvalidInputError(
            f"--compare-package compares two packages; {scenario!r} is not a package"
        )
    pops = None if populations is None else read_populations(populations)
    if is_read_by_cli(scenario):  # standard input, .tsv, .xlsx
        from powershare.audit.scenarios import from_body

        if pops is not None:
            raise InvalidInputError(
                f"--populations with the body {scenario!r}: give each member's population in "
                "the body itself (a population column or key)"
            )
        body = from_body(read_body(scenario, quota), "body", scenario)
    else:
        body = load_audit_scenario(scenario, quota, populations=pops)
    if map_file is not None:
        from dataclasses import replace

        from powershare.audit.geometry import read_geojson_file

        regions = read_geojson_file(map_file, body.game.names, key=map_key)
        body = replace(body, geometry=regions)
    elif map_key is not None:
        raise InvalidInputError("--map-key names a property of the --map file; give --map too")
    result = audit(body, limits=make_limits(max_seconds, max_memory))
    if as_json or as_csv:
        emit(result.to_dict(), as_json=as_json, rows="members")
    else:
        render_audit(result, new_console(), rows)
    if output is not None:
        if kind == "html":
            from powershare.audit.report_html import to_html

            text = to_html(result, with_plots=not no_plots)
        elif kind == "markdown":
            from powershare.audit.report_markdown import to_markdown

            text = to_markdown(result)
        else:
            text = json_text(result.to_dict()) + "\n"
        _write(output, text, as_json or as_csv)


def _audit_package(
    spec: str,
    compare: str | None,
    output: Path | None,
    kind: str | None,
    as_json: bool,
    as_csv: bool,
    no_plots: bool,
    rows: int,
) -> None:
    """The audit of a package (several institutions): terminal, JSON or a report file."""
    from powershare.audit.package_audit import audit_package
    from powershare.audit.package_sections import (
        build_package_report,
        package_html,
        package_markdown,
    )

    result = audit_package(spec, compare=compare)
    if as_json or as_csv:
        emit(result.to_dict(), as_json=as_json, rows="parties")
    else:
        render_report(build_package_report(result), new_console(), rows)
    if output is None:
        return
    if kind == "html":
        text = package_html(result, with_plots=not no_plots)
    elif kind == "markdown":
        text = package_markdown(result)
    else:
        text = json_text(result.to_dict()) + "\n"
    _write(output, text, as_json or as_csv)


def _write(output: Path, text: str, to_stderr: bool) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"cannot write {str(output)!r}: {exc.strerror}") from None
    typer.echo(f"Report written to {output.resolve()}", err=to_stderr)


def register(app: typer.Typer) -> None:
    """Add ``audit`` to the app."""
    app.command("audit")(audit_command)
