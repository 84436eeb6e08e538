"""The maps in a real browser (Playwright driving Debian's chromium): a shipped body of
provinces shows its three maps under the page's Content-Security-Policy, redrawn after an
edit; an uploaded GeoJSON with a name that matches no member is refused naming it; the HTML
report downloaded from the page has the map section."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (the test set-up installs it: apt-get install chromium)",
)
SHOT = Path("/tmp/powershare-map.png")
EXPECTED: list[str] = []
"""Console errors a test expects (Chromium logs every 4xx answer as one)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((live_server.url, "blob:", "data:"))
            else problems.append(f"external request: {r.url}")
        ),
    )
    EXPECTED.clear()
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    context.close()
    assert [p for p in problems if not any(e in p for e in EXPECTED)] == []


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_web_browser_map_of_afghanistan(page: Any, tmp_path: Path) -> None:
    page.select_option("#dataset-select", "afghanistan")
    page.click("#load-dataset")
    page.wait_for_selector('#bars .bar-row[data-member="Kabul"]')
    page.click("#map-box summary")
    image = page.locator("#map-image")
    expect(image).to_be_visible(timeout=30_000)
    # the image rendered (an SVG the CSP blocked or that failed to parse has no size)
    assert image.evaluate("img => img.complete && img.naturalWidth > 0 && img.naturalHeight > 0")
    assert image.evaluate("img => img.getBoundingClientRect().width") > 300
    expect(page.locator("#map .map-panels li")).to_have_count(3)
    assert page.locator("#map .map-panels").inner_text().splitlines() == [
        "Seats per person",
        "Power per person (Banzhaf)",
        "Citizen power (two-tier)",
    ]
    expect(page.locator("#map-source")).to_contain_text("34 regions")
    expect(page.locator("#map")).to_contain_text("Not on the map (no boundary): Kuchi (nomads)")
    page.locator("#map-box").scroll_into_view_if_needed()
    page.locator("#results-panel").screenshot(path=str(SHOT))
    image.click()  # enlarged, then back
    expect(page.locator("#map .map-figure.wide")).to_have_count(1)
    assert image.evaluate("img => img.getBoundingClientRect().width") > 900
    page.screenshot(path=str(SHOT.with_name("powershare-map-wide.png")))
    image.click()
    expect(page.locator("#map .map-figure.wide")).to_have_count(0)

    # an edit redraws the maps with the analysis
    before = image.get_attribute("src")
    weight = page.locator('#members tr[data-member="Kabul"] input[data-col="weight"]')
    weight.fill("60")
    expect(page.locator("#map-image")).not_to_have_attribute("src", before or "", timeout=30_000)

    # the report downloaded from the page has the map section
    page.click("#downloads summary")
    with page.expect_download() as info:
        page.click("#download-report")
    report = tmp_path / "report.html"
    info.value.save_as(report)
    text = report.read_text()
    assert '<section id="map">' in text and "afghanistan_provinces.geojson" in text


def test_web_browser_map_upload_and_no_boundaries(page: Any) -> None:
    page.select_option("#dataset-select", "eec-1958")
    page.click("#load-dataset")
    page.wait_for_selector('#bars .bar-row[data-member="Luxembourg"]')
    page.click("#map-box summary")
    expect(page.locator("#map-note")).to_contain_text("No boundaries", timeout=30_000)
    names = ["France", "Germany", "Italy", "Belgium", "Netherlands", "Atlantis"]
    features = [
        {
            "type": "Feature",
            "properties": {"name": n},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[i, 0], [i + 1, 0], [i + 1, 1], [i, 1], [i, 0]]],
            },
        }
        for i, n in enumerate(names)
    ]
    EXPECTED.append("the server responded with a status of 400")  # the refused upload
    upload = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    page.set_input_files(
        "#map-file",
        files=[{"name": "six.geojson", "mimeType": "application/geo+json", "buffer": upload}],
    )
    error = page.locator("#map .map-error")
    expect(error).to_contain_text("Atlantis", timeout=30_000)
    expect(error).to_contain_text("match no member")
    expect(page.locator("#map-forget")).to_be_visible()
    page.click("#map-forget")
    expect(page.locator("#map-note")).to_contain_text("No boundaries", timeout=30_000)
