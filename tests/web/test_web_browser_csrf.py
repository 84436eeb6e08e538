"""A page served on another local port cannot change a saved scenario (real Chromium).

The hostile page tries what a page can: simple ``fetch`` requests (no CORS preflight) with
and without a text body, a JSON ``fetch`` (which needs a preflight the server never grants),
and a plain HTML form posted to undo, restore and delete.  The saved scenario must stay as it
was.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, EEC, LiveServer, free_port

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (the test set-up installs it: apt-get install chromium)",
)

HOSTILE_PAGE = """<!doctype html><html><body>
<form id="f" method="post" action="{app}/api/scenarios/council/undo" target="sink"></form>
<iframe name="sink"></iframe>
<script>
const app = "{app}";
const paths = ["/api/scenarios/council/undo", "/api/scenarios/council/restore/1",
               "/api/scenarios/council"];
async function attack() {{
  const out = [];
  for (const path of paths) {{
    const method = path.endsWith("council") ? "DELETE" : "POST";
    for (const init of [
      {{method: "POST", mode: "no-cors"}},
      {{method: "POST", mode: "no-cors", body: "{{}}", headers: {{"content-type": "text/plain"}}}},
      {{method, mode: "cors", body: "{{}}", headers: {{"content-type": "application/json"}}}},
      {{method, mode: "no-cors", credentials: "include"}},
    ]) {{
      try {{ const r = await fetch(app + path, init); out.push(r.type + ":" + r.status); }}
      catch (e) {{ out.push("blocked"); }}
    }}
  }}
  document.getElementById("f").submit();
  document.body.dataset.done = "yes";
  return out;
}}
window.attack = attack;
</script></body></html>"""


def request(url: str, method: str = "GET", body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        url, data=data, method=method, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=20) as response:
        return json.loads(response.read())


@pytest.fixture
def hostile_site(tmp_path: Path, live_server: LiveServer) -> Iterator[str]:
    (tmp_path / "index.html").write_text(HOSTILE_PAGE.format(app=live_server.url))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_web_browser_page_on_another_port_cannot_change_saved_scenarios(
    live_server: LiveServer, hostile_site: str
) -> None:
    from playwright.sync_api import sync_playwright

    base = live_server.url + "/api/scenarios/council"
    for quota in (12, 13):
        request(base, "PUT", {"scenario": {**EEC, "rule": {"quota": quota}}})
    before = request(base)
    assert before["scenario"]["rule"] == {"quota": 13} and before["version"] == 2

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # the user has the app open in the same browser (its cookies, if any, are there)
            page.goto(live_server.url + "/")
            page.goto(hostile_site)
            outcomes = page.evaluate("window.attack()")
            page.wait_for_selector("body[data-done=yes]")
            page.wait_for_timeout(500)  # let the form post land
        finally:
            browser.close()
    # opaque (no-cors) answers or blocked preflights: the page learns nothing, changes nothing
    assert outcomes and all(o in ("opaque:0", "blocked") for o in outcomes), outcomes
    after = request(base)
    assert after["scenario"] == before["scenario"] and after["version"] == 2
    assert [v["version"] for v in request(base + "/versions")] == [2, 1]
