"""The demo wheel's embed page in real headless Chromium (Debian's `chromium`, driven by
Playwright): framing allowed and refused by origin, nothing loaded from elsewhere, no cookies,
usable with JavaScript off and by keyboard, a screenshot against the committed reference, and
axe-core (from package-lock.json) with no serious violation."""

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser

from tests.conftest import DATABASE_URL
from tests.support import free_port, live_server
from tests.support.browser import TIMEOUT_MS, chromium

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).parent / "reference" / "demo_wheel.png"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The seeds' year, seen on 16 November 2026: budget decisions ahead, today's line drawn.
NOW = "2026-11-16T10:00:00+00:00"
# Pixels differing by more than DELTA in a channel, as a share of all: anti-aliasing and
# font hinting may move a little; a moved or missing item moves far more than this.
DELTA, TOLERANCE = 48, 0.01


@dataclass
class Site:
    base: str
    embed_url: str
    allowed: str  # an intranet origin the token allows
    refused: str  # another origin
    items: int


class _Host(BaseHTTPRequestHandler):
    """An intranet page that frames the wheel."""

    embed_url = ""

    def do_GET(self) -> None:
        body = (f'<!DOCTYPE html><html lang="fi"><head><title>Intranet</title></head><body>'
                f'<h1>Intranet</h1><iframe title="Vuosikello" width="1000" height="900" '
                f'src="{self.embed_url}"></iframe></body></html>').encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _host(embed_url: str) -> ThreadingHTTPServer:
    handler = type("Host", (_Host,), {"embed_url": embed_url})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "vuosikello"), *args],
        cwd=ROOT / "tests" / "system",
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, migrated_database: None) -> Iterator[Site]:
    """The demo network loaded by `vuosikello demo` on the suite's database, served by
    `vuosikello serve` at a fixed time, with an embed that two intranet origins try to frame."""
    workdir = tmp_path_factory.mktemp("wheel-browser")
    clock_file = workdir / "clock"
    clock_file.write_text(NOW)
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL, "VUOSIKELLO_CLOCK_FILE": str(clock_file)}
    loaded = _cli(env, "demo")
    (ROOT / "tests" / "system" / ".vuosikello-demo-credentials.json").unlink(missing_ok=True)
    network_id = re.search(r"demo network loaded: (\S+)", loaded).group(1)
    credentials = json.loads(loaded[loaded.index("{") :])
    allowed, refused = _host(""), _host("")
    with live_server(workdir / "serve.log", env) as base, httpx.Client(base_url=base) as api:
        token = api.post("/v1/auth/token", data={"grant_type": "client_credentials",
                                                 **credentials}).json()["access_token"]  # fmt: skip
        api.headers["Authorization"] = f"Bearer {token}"
        allowed_origin = f"http://127.0.0.1:{allowed.server_port}"
        created = api.post("/v1/wheel-embeds", json={
            "scope": "network", "network_id": network_id, "name": "Pohjois-Pohjanmaa",
            "allowed_origins": [allowed_origin], "options": {"size": 900},
        })  # fmt: skip
        assert created.status_code == 201, created.text
        # The URL names the configured base_url; this server listens on a port of its own.
        embed_url = base + "/wheel/" + created.json()["url"].rsplit("/wheel/", 1)[1]
        for server in (allowed, refused):
            server.RequestHandlerClass.embed_url = embed_url
        rows = api.get(f"/v1/networks/{network_id}/wheel.csv").content.decode("utf-8-sig")
        yield Site(base, embed_url, allowed_origin, f"http://127.0.0.1:{refused.server_port}",
                   len(rows.strip().splitlines()) - 1)  # fmt: skip
    for server in (allowed, refused):
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_an_allowed_origin_frames_the_wheel_and_another_is_refused(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(site.allowed, wait_until="load")
    frame = page.frame(url=site.embed_url)
    assert frame is not None
    assert frame.locator("svg g.item").count() == site.items
    assert frame.locator("h1").inner_text() == "Vuosikello: Pohjois-Pohjanmaa"

    refusals = []
    page.on("console", lambda message: refusals.append(message.text))
    page.goto(site.refused, wait_until="load")
    page.wait_for_timeout(500)
    framed = [f for f in page.frames if f.url == site.embed_url]
    assert all(f.locator("svg").count() == 0 for f in framed)
    assert any("frame-ancestors" in text for text in refusals), refusals
    context.close()


def test_nothing_leaves_the_origin_no_cookies_and_it_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.embed_url, wait_until="networkidle")
    assert requested == [site.embed_url]
    assert context.cookies() == []
    assert page.locator("svg g.item").count() == site.items
    assert page.locator("tbody tr[id]").count() == site.items
    # Keyboard: the first item of the picture takes focus, and Enter shows its row.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("#item-")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    assert page.url.endswith(focused)
    row = page.locator(f"tr{focused}")
    assert row.locator("td").nth(2).inner_text() == label.split(", ")[0]
    context.close()


def test_the_demo_wheel_looks_like_its_reference(browser, site):
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(site.embed_url, wait_until="load")
    shot = page.locator(".wheel svg").screenshot()
    context.close()
    if os.environ.get("VUOSIKELLO_UPDATE_REFERENCE") == "1":
        REFERENCE.write_bytes(shot)
    taken = Image.open(BytesIO(shot)).convert("RGB")
    expected = Image.open(REFERENCE).convert("RGB")
    assert taken.size == expected.size
    difference = (
        ImageChops.difference(taken, expected)
        .convert("L")
        .point(lambda value: 255 if value > DELTA else 0)
    )
    changed = difference.histogram()[255] / (taken.width * taken.height)
    assert changed <= TOLERANCE, f"{changed:.2%} of the pixels differ from {REFERENCE.name}"


def test_axe_finds_no_serious_violation(browser, site):
    assert AXE.exists(), "npm ci at the repository root installs axe-core (tests/run.sh)"
    # The page's CSP allows no script at all; only the checker is let in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(site.embed_url, wait_until="load")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
