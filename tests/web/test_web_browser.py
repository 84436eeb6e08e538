"""End to end in a real browser (Playwright driving Debian's chromium): load a dataset, edit a
weight and see the power change, save and reload a scenario, download the results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from powershare.games.scenario import read_scenario

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (the test set-up installs it: apt-get install chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )

    def outside(request: Any) -> None:
        url = request.url
        if not url.startswith((live_server.url, "blob:", "data:")):
            problems.append(f"external request: {url}")

    page.on("request", outside)
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    context.close()
    assert problems == []


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def power_of(page: Any, member: str) -> str:
    text: str = page.inner_text(f'#bars .bar-row[data-member="{member}"] .power-value')
    return text


def test_web_browser_dataset_edit_save_reload_download(page: Any, tmp_path: Path) -> None:
    page.select_option("#dataset-select", "eec-1958")
    page.click("#load-dataset")
    page.wait_for_selector('#bars .bar-row[data-member="Luxembourg"]')
    lux = page.locator('#bars .bar-row[data-member="Luxembourg"] .power-value')
    expect(lux).to_have_text("0.0%")
    assert power_of(page, "France") == "23.8%"
    assert page.inner_text("#exactness") == "exact"

    # edit a weight: Luxembourg 1 -> 2 gives it power
    weight = page.locator('#members tr[data-member="Luxembourg"] input[data-col="weight"]')
    weight.fill("2")
    expect(lux).not_to_have_text("0.0%")
    assert power_of(page, "Luxembourg") != "0.0%"

    # save, change again, then reload the saved scenario
    page.fill("#scenario-name", "E2E council")
    page.click("#save")
    page.wait_for_selector("#save-status:has-text('saved as version 1')")
    weight.fill("3")
    page.click('[data-tab="saved"]')
    page.click('#saved-list tr[data-saved="E2E council"] button.load-saved')
    page.wait_for_selector("#save-status:has-text('loaded version 1')")
    reloaded = page.locator('#members tr[data-member="Luxembourg"] input[data-col="weight"]')
    assert reloaded.input_value() == "2"

    # downloads: the scenario YAML reads back; the results CSV has one row per member
    page.click("#downloads summary")
    with page.expect_download() as info:
        page.click("#download-yaml")
    path = tmp_path / "scenario.yaml"
    info.value.save_as(path)
    text = path.read_text()
    assert yaml.safe_load(text)["members"][5] == {"name": "Luxembourg", "weight": 2}
    assert read_scenario(text).game.notation() == "[12; 4, 4, 4, 2, 2, 2]"
    page.click("#downloads summary")
    with page.expect_download() as info:
        page.click("#download-csv")
    csv_path = tmp_path / "power.csv"
    info.value.save_as(csv_path)
    assert len(csv_path.read_text().splitlines()) == 7
    page.click("#downloads summary")
    with page.expect_download() as info:
        page.click("#download-report")
    report = tmp_path / "report.html"
    info.value.save_as(report)
    assert info.value.suggested_filename.endswith("-audit.html")
    assert "Luxembourg" in report.read_text() and "<html" in report.read_text().lower()


def test_web_browser_quota_curve_what_if_and_design_job(page: Any) -> None:
    page.select_option("#dataset-select", "eec-1958")
    page.click("#load-dataset")
    page.wait_for_selector('#bars .bar-row[data-member="Luxembourg"]')
    page.click('[data-tab="sensitivity"]')
    page.click("#curve-run")
    page.wait_for_selector("#curve svg path")
    page.click("#whatif-run")
    expect(page.locator("#whatif-table")).to_contain_text("Luxembourg leaves")
    page.click('[data-tab="design"]')
    page.click("#design-run")
    expect(page.locator("#design-job")).to_have_attribute("data-status", "done", timeout=60_000)
    page.once("dialog", lambda dialog: dialog.accept())  # "use this rule" asks first
    page.locator("#frontier-table button.frontier-use").last.click()
    page.click('[data-tab="rule"]')
    expect(page.locator("#rule-json")).not_to_have_value('{\n  "quota": 12\n}')


def test_web_browser_rule_editor_and_limits(page: Any) -> None:
    page.select_option("#dataset-select", "eu-council-lisbon")
    page.click("#load-dataset")
    page.wait_for_selector('#bars .bar-row[data-member="Germany"]')
    page.wait_for_selector("#method:has-text('decision-diagram')")
    page.click('[data-tab="rule"]')
    assert page.locator(".rule-node[data-rule-type=all_of]").count() == 1
    assert "65% of population" in page.inner_text("#rule-words")
    # the quota slider belongs to single-quota rules only
    assert not page.is_visible("#quota-slider")
