"""The board's report with indicator charts in headless Chromium (Debian's chromium, driven
by Playwright): the demo loaded by `vuosikello demo` (Sotkanet values from the committed
answers, no internet), served by `vuosikello serve`; the page renders its SVG charts with the
same numbers as the JSON, prints to PDF, and a screenshot is saved for the reviewer."""

import json
import os
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL, ROOT, VUOSIKELLO, live_server
from tests.support.browser import TIMEOUT_MS, chromium

pytestmark = pytest.mark.system
# Where the screenshot goes (the test's temporary directory unless this names a file).
SCREENSHOT = os.environ.get("VUOSIKELLO_REPORT_SCREENSHOT")


def _demo(env: dict[str, str]) -> tuple[str, dict[str, str]]:
    done = subprocess.run(
        [str(VUOSIKELLO), "demo"], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
        text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (ROOT / "tests" / "system" / ".vuosikello-demo-credentials.json").unlink(missing_ok=True)
    network_id = re.search(r"demo network loaded: (\S+)", done.stdout).group(1)
    return network_id, json.loads(done.stdout[done.stdout.index("{") :])


def test_the_report_renders_its_charts_and_prints_to_pdf(tmp_path: Path, migrated_database: None):
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL}
    network_id, credentials = _demo(env)
    with live_server(tmp_path / "serve.log", env) as base, httpx.Client(base_url=base) as api:
        token = api.post(
            "/v1/auth/token", data={"grant_type": "client_credentials", **credentials}
        ).json()["access_token"]
        api.headers["Authorization"] = f"Bearer {token}"
        plans = api.get("/v1/plans", params={"network_id": network_id}).json()
        plan = next(p for p in plans["data"] if "Kymenlaakso" in p["title"])
        url = f"{base}/v1/plans/{plan['id']}/report"
        report = api.get(url, headers={"Accept": "application/json"}).json()
        with chromium() as browser:
            context = browser.new_context(
                viewport={"width": 1200, "height": 1500},
                device_scale_factor=1,
                extra_http_headers={"Authorization": f"Bearer {token}", "Accept-Language": "fi"},
            )
            page = context.new_page()
            page.goto(url, timeout=TIMEOUT_MS)
            page.wait_for_selector("svg.trend", timeout=TIMEOUT_MS)
            charts = page.evaluate("document.querySelectorAll('svg.trend').length")
            assert charts == len(
                {(r["measure_id"], r["indicator_id"]) for r in report["indicators"]}
            )
            # Every chart is drawn (a real box on the page) and says its numbers as text.
            boxes = page.evaluate(
                "[...document.querySelectorAll('svg.trend')].map(s => s.getBoundingClientRect())"
                ".map(r => [r.width, r.height])"
            )
            assert all(w > 100 and h > 50 for w, h in boxes), boxes
            points = page.evaluate(
                "[...document.querySelectorAll('div.indicator')].flatMap(d => "
                "[...d.querySelectorAll('circle')].map(c => [d.dataset.indicatorId, "
                "c.dataset.region, +c.dataset.year, +c.dataset.value]))"
            )
            latest: dict[tuple[str, str], tuple[int, float]] = {}
            for indicator_id, region, year, value in points:
                key = (indicator_id, region)
                if key not in latest or year > latest[key][0]:
                    latest[key] = (year, value)
            for row in report["indicators"]:
                key = (str(row["indicator_id"]), row["region_title"])
                assert latest[key] == (row["latest_year"], row["latest_value"]), row
            text = page.evaluate("document.body.innerText")
            assert "Lähteet" in text and "CC BY 4.0" in text
            target = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "report.png"
            page.screenshot(path=str(target), full_page=True)
            pdf = page.pdf(print_background=True, width="8.27in", height="11.69in")
            assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
            (tmp_path / "report.pdf").write_bytes(pdf)
            context.close()
