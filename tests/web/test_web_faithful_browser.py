"""A negotiator succeeds without a programmer, in a real browser (Playwright, Debian's
chromium): quotas keep their meaning, stale results are cleared, the approximate path works,
structure of large compound bodies, pasting any table, undo, warnings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (the test set-up installs it: apt-get install chromium)",
)

SCREENSHOT_DIR = Path("/tmp/powershare-web-screenshots")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and "status of 4" not in msg.text
            else None
        ),
    )
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    context.close()
    assert problems == []


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def load_dataset(page: Any, name: str, member: str) -> None:
    page.select_option("#dataset-select", name)
    page.click("#load-dataset")
    page.wait_for_selector(f'#bars .bar-row[data-member="{member}"]')


def cell(page: Any, member: str, column: str) -> Any:
    return page.locator(f'#members tr[data-member="{member}"] input[data-col="{column}"]')


def test_web_faithful_quota_keeps_its_meaning(page: Any) -> None:
    load_dataset(page, "afghanistan", "Kabul")
    expect(page.locator("#rule-summary")).to_contain_text("majority: at least 126 of 250")
    expect(page.locator("#dataset-from")).to_contain_text("caveats, sources and populations")
    cell(page, "Kabul", "weight").fill("160")
    expect(page.locator("#rule-summary")).to_contain_text("majority: at least 189 of 377")
    expect(page.locator("#rule-summary")).to_contain_text("50.1%")
    kabul = page.locator('#bars .bar-row[data-member="Kabul"] .power-value')
    expect(kabul).not_to_have_text("100.0%")
    assert page.locator("#warnings").is_hidden()  # majority: proper, nobody has a veto
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "afghanistan-kabul-160.png"), full_page=True)
    page.click('[data-tab="rule"]')
    expect(page.locator("#quota-input")).to_have_value("majority")
    expect(page.locator("#quota-info")).to_contain_text("stays majority when weights change")
    assert '"quota": "majority"' in page.input_value("#rule-json")
    # a quota below half gets a plain warning at once, not a collapsed "proper: false"
    page.fill("#quota-input", "40%")
    expect(page.locator("#warnings")).to_contain_text("Two opposite proposals could both pass")


def test_web_faithful_stale_results_cleared_after_an_error(page: Any) -> None:
    load_dataset(page, "eec-1958", "Luxembourg")
    cell(page, "Luxembourg", "weight").fill("-4")
    expect(page.locator("#message")).to_contain_text("-4")
    expect(page.locator("#bars .bar-row")).to_have_count(0)
    expect(page.locator("#no-results")).to_contain_text("No results for the current input")
    # the banner clears on the next success, and the bars come back
    cell(page, "Luxembourg", "weight").fill("1")
    expect(page.locator('#bars .bar-row[data-member="Luxembourg"]')).to_have_count(1)
    expect(page.locator("#message")).to_be_hidden()
    page.click('[data-tab="rule"]')
    page.fill("#quota-input", "abc")
    expect(page.locator("#message")).to_contain_text("abc")
    expect(page.locator("#bars .bar-row")).to_have_count(0)
    page.fill("#quota-input", "12")
    expect(page.locator('#bars .bar-row[data-member="France"] .power-value')).to_have_text("23.8%")
    expect(page.locator("#message")).to_be_hidden()


def test_web_faithful_approximate_path_end_to_end(page: Any) -> None:
    load_dataset(page, "eec-1958", "Luxembourg")
    rows = "\n".join(f"P{i};{1 + (i * 37) % 50}" for i in range(1500))
    page.locator("details:has(#paste) summary").click()
    page.fill("#paste", "Party;Seats\n" + rows)
    page.click("#paste-apply")
    expect(page.locator("#limit-box")).to_be_visible(timeout=30_000)
    # the previous body's bars are gone: nothing shown belongs to the EEC any more
    expect(page.locator('#bars .bar-row[data-member="Luxembourg"]')).to_have_count(0)
    page.click("#approximate")
    expect(page.locator("#interval")).to_contain_text("confidence", timeout=60_000)
    expect(page.locator("#exactness")).to_have_text("approximate")
    assert page.locator('#bars .bar-row[data-member^="P"]').count() == 80
    assert page.locator('#bars .bar-row[data-member="Luxembourg"]').count() == 0
    expect(page.locator("#result-meta")).to_contain_text("1500 members")
    assert page.locator("#message").is_hidden()


def test_web_faithful_structure_of_the_eu_council(page: Any) -> None:
    load_dataset(page, "eu-council-lisbon", "Germany")
    page.locator("#structure-box summary").click()
    expect(page.locator("#structure-vetoes")).to_have_text("none", timeout=30_000)
    expect(page.locator("#structure-dummies")).to_have_text("none")
    assert "limited to 25 members; this body" not in page.inner_text("#message")
    expect(page.locator("#structure-note")).to_contain_text("swing counts")


def test_web_faithful_paste_any_header_and_undo_a_column_delete(page: Any) -> None:
    page.locator("details:has(#paste) summary").click()
    page.fill("#paste", "Party;Seats;Population\nRed;30;1000\nBlue;20;800\nGreen;10;300\n")
    page.click("#paste-apply")
    page.wait_for_selector('#bars .bar-row[data-member="Green"]')
    assert cell(page, "Red", "weight").input_value() == "30"
    assert cell(page, "Blue", "population").input_value() == "800"
    page.click('#members th:has-text("population") button')
    expect(page.locator('#members input[data-col="population"]')).to_have_count(0)
    expect(page.locator("#undo")).to_have_text("Undo delete column population")
    page.click("#undo")
    expect(cell(page, "Blue", "population")).to_have_value("800")
    # deleting a member can be undone too
    page.click('#members tr[data-member="Green"] button[title="remove member"]')
    expect(page.locator('#members tr[data-member="Green"]')).to_have_count(0)
    page.click("#undo")
    expect(page.locator('#members tr[data-member="Green"]')).to_have_count(1)


def test_web_faithful_warning_before_unsaved_work_is_replaced(page: Any) -> None:
    load_dataset(page, "eec-1958", "Luxembourg")
    cell(page, "Luxembourg", "weight").fill("3")
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.select_option("#dataset-select", "un-security-council")
    page.click("#load-dataset")
    expect(page.locator('#members tr[data-member="Luxembourg"]')).to_have_count(1)
    assert asked and "unsaved changes" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#load-dataset")
    page.wait_for_selector('#members tr[data-member="China"]')
    page.click("#undo")  # the edited EEC comes back, with the unsaved edit
    expect(cell(page, "Luxembourg", "weight")).to_have_value("3")


def test_web_faithful_scenario_name_with_a_slash_saves(page: Any) -> None:
    page.fill("#scenario-name", "Plan A/B")
    page.click("#save")
    expect(page.locator("#save-status")).to_have_text("saved as version 1")
    page.click('[data-tab="saved"]')
    page.click('#saved-list tr[data-saved="Plan A/B"] button.load-saved')
    expect(page.locator("#save-status")).to_have_text("loaded version 1")


def test_web_faithful_csv_file_in_the_file_picker(page: Any, tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_text("Party,Seats\nNorth,5\nSouth,4\nEast,2\n")
    page.set_input_files("#scenario-file", str(path))
    page.wait_for_selector('#bars .bar-row[data-member="East"]')
    assert cell(page, "North", "weight").input_value() == "5"
    expect(page.locator("#dataset-notes")).to_contain_text("weights from 'Seats'")
