"""The settlement and design forms in a real browser (Playwright driving Debian's chromium):
build a four-party settlement with seat ranges and demands, see the results, use one (after
the confirm dialog); see the conflicting demands; see the design frontier and use its rule."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (the test set-up installs it: apt-get install chromium)",
)
SHOTS = os.environ.get("POWERSHARE_SCREENSHOTS")  # a directory: save screenshots there


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
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


def party(page: Any, name: str, col: str) -> Any:
    return page.locator(f'#settle-parties tr[data-party="{name}"] input[data-col="{col}"]')


def demand(page: Any, k: int, part: str) -> Any:
    return page.locator(f'#settle-demands li[data-demand="{k}"] {part}')


def four_parties(page: Any) -> None:
    """A 3-4, B 2, C 2, D 1-2 of 9 seats; weighted and veto families (the body is A 3, B 2,
    C 2)."""
    page.click('[data-tab="settle"]')
    expect(page.locator("#settle-parties tbody tr")).to_have_count(3)
    party(page, "A", "max").fill("4")
    page.click("#settle-add-party")
    name = page.locator('#settle-parties tr[data-party="P4"] input[data-col="name"]')
    name.fill("D")
    name.dispatch_event("change")
    min_d = page.locator("#settle-parties tbody tr").nth(3).locator('input[data-col="min"]')
    min_d.fill("1")
    page.locator("#settle-parties tbody tr").nth(3).locator('input[data-col="max"]').fill("2")
    page.fill("#settle-total", "9")
    while page.locator("#settle-demands li.demand").count():  # drop the starting demands
        page.locator("#settle-demands li.demand button.danger").first.click()


def add_demand(page: Any, kind: str) -> int:
    page.select_option("#settle-new-kind", kind)
    page.click("#settle-add-demand")
    return int(page.locator("#settle-demands li.demand").count()) - 1


def test_web_browser_settlement_use_this_rule(page: Any) -> None:
    four_parties(page)
    add_demand(page, "veto")  # A (the first party) must hold a veto
    k = add_demand(page, "no_veto")
    demand(page, k, "select.demand-party").select_option("B")
    k = add_demand(page, "not_dummy")
    demand(page, k, "select.demand-party").select_option("D")
    k = add_demand(page, "cannot_block_with")
    demand(page, k, "select.demand-party").select_option("C")
    demand(page, k, '.demand-allies input[value="D"]').check()
    k = add_demand(page, "min_decisiveness")
    assert demand(page, k, "input.demand-value").input_value() == "10%"
    # the form as a demands file says what is searched
    page.click("#settle-file summary")
    page.click("#settle-to-text")
    problem = json.loads(page.input_value("#settle-text"))
    assert problem["members"] == {
        "A": {"min": 3, "max": 4},
        "B": 2,
        "C": 2,
        "D": {"min": 1, "max": 2},
    }
    assert problem["total_seats"] == 9
    assert {"party": "B", "veto": False} in problem["demands"]
    assert {"party": "C", "cannot_block_with": ["D"]} in problem["demands"]

    page.click("#settle-run")
    expect(page.locator("#settle-job")).to_have_attribute("data-status", "done", timeout=60_000)
    row = page.locator('#settle-table tr[data-result="1"]')
    expect(row.locator('tr[data-member="D"] td.seats')).to_have_text("2")
    expect(row.locator("td.vetoes")).to_have_text("A")
    expect(row.locator("td.decisive")).to_have_text("43.8%")
    expect(row.locator("td.blocking")).to_contain_text("one member alone: A")
    expect(row.locator("td.settle-rule")).to_contain_text("Also written as: seats 4/2/2/1")
    expect(row.locator("td.settle-rule")).to_contain_text("[4; 3, 1, 1, 1]")
    if SHOTS:
        page.locator("#settle-job").screenshot(path=str(Path(SHOTS) / "settlement.png"))

    # "Use this rule" asks first: dismissed, nothing changes
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.locator("button.settle-use").click()
    expect(page.locator('#members tr[data-member="D"]')).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("button.settle-use").click()
    weight = page.locator('#members tr[data-member="D"] input[data-col="weight"]')
    expect(weight).to_have_value("2")
    page.click('[data-tab="rule"]')
    rule = json.loads(page.input_value("#rule-json"))
    assert rule["type"] == "all_of" and {"type": "veto", "members": ["A"]} in rule["criteria"]
    expect(page.locator("#rule-words")).to_contain_text("consent of A")
    expect(page.locator('#bars .bar-row[data-member="A"] .power-value')).to_have_text("70.0%")


def test_web_browser_settlement_conflicting_demands(page: Any) -> None:
    four_parties(page)
    add_demand(page, "veto")
    k = add_demand(page, "min_share")
    demand(page, k, "select.demand-party").select_option("B")
    demand(page, k, "input.demand-value").fill("30")
    k = add_demand(page, "not_dummy")
    demand(page, k, "select.demand-party").select_option("D")
    page.click("#settle-run")
    expect(page.locator("#settle-job")).to_have_attribute("data-status", "done", timeout=60_000)
    conflict = page.locator("#settle-conflict")
    expect(conflict).to_contain_text("The smallest set of demands that conflict")
    expect(conflict.locator("li")).to_have_text(
        ["B: at least 30% of banzhaf power", "D: not a dummy"]
    )
    expect(page.locator("#settle-table")).to_have_count(0)


def test_web_browser_design_frontier(page: Any) -> None:
    page.click('[data-tab="design"]')  # the body is A, B, C; power 50/30/20 wanted
    page.select_option('#design-form select[name="target"]', "explicit")
    page.fill('#design-form input[name="values"]', "50, 30, 20")
    page.fill('#design-form input[name="total_weight"]', "20")
    page.fill("#design-floor", "30")
    page.click("#design-run")
    expect(page.locator("#design-job")).to_have_attribute("data-status", "done", timeout=60_000)
    expect(page.locator("#design-tradeoff")).to_contain_text("Chosen under the floor of 30%")
    expect(page.locator("#design-tradeoff")).to_contain_text(
        "Closer to the target costs the ability to decide"
    )
    rows = page.locator("#frontier-table tbody tr")
    expect(rows).to_have_count(2)  # [11; 9, 7, 4] (50% decisive) and [11; 10, 6, 4] (37.5%)
    expect(rows.nth(0)).to_contain_text("50.0%")
    expect(page.locator("#frontier-plot circle.frontier-dot")).to_have_count(2)
    expect(page.locator("#frontier-plot circle.frontier-chosen")).to_have_count(1)
    expect(page.locator("#frontier-table tr.chosen-row")).to_have_attribute(
        "data-rule", "[11; 10, 6, 4]"
    )
    chosen = page.locator("#design-chosen code").inner_text()
    assert chosen == "[11; 10, 6, 4]"
    if SHOTS:
        page.locator("#design-job").screenshot(path=str(Path(SHOTS) / "design.png"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#design-apply")
    expect(page.locator('#members tr[data-member="A"] input[data-col="weight"]')).to_have_value(
        "10"
    )
    page.click('[data-tab="rule"]')
    assert json.loads(page.input_value("#rule-json")) == {"quota": 11}
