"""The board's report with indicator charts in headless Chromium (Debian's chromium, driven
over DevTools): the demo loaded by `vuosikello demo` (Sotkanet values from the committed
answers, no internet), served by `vuosikello serve`; the page renders its SVG charts with the
same numbers as the JSON, prints to PDF, and a screenshot is saved for the reviewer."""

import base64
import json
import os
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support import DATABASE_URL, ROOT, VUOSIKELLO, live_server
from tests.support.browser import CHROMIUM, chromium_page

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


async def test_the_report_renders_its_charts_and_prints_to_pdf(
    tmp_path: Path, migrated_database: None
):
    assert CHROMIUM, "chromium is not installed (tests/run.sh installs it in CI)"
    env = {"VUOSIKELLO_DATABASE_URL": DATABASE_URL}
    network_id, credentials = _demo(env)
    with live_server(tmp_path / "serve.log", env) as base:
        async with httpx.AsyncClient(base_url=base) as api:
            token = (await api.post("/v1/auth/token", data={
                "grant_type": "client_credentials", **credentials,
            })).json()["access_token"]  # fmt: skip
            api.headers["Authorization"] = f"Bearer {token}"
            plans = (await api.get("/v1/plans", params={"network_id": network_id})).json()
            plan = next(p for p in plans["data"] if "Kymenlaakso" in p["title"])
            url = f"{base}/v1/plans/{plan['id']}/report"
            report = (await api.get(url, headers={"Accept": "application/json"})).json()
        async with chromium_page("about:blank") as page:
            await page.send("Network.enable")
            await page.send(
                "Network.setExtraHTTPHeaders",
                headers={"Authorization": f"Bearer {token}", "Accept-Language": "fi"},
            )
            await page.send("Emulation.setDeviceMetricsOverride", width=1200, height=1500,
                            deviceScaleFactor=1, mobile=False)  # fmt: skip
            await page.send("Page.navigate", url=url)
            await page.wait_for(
                "document.readyState === 'complete' && !!document.querySelector('svg.trend')"
            )
            charts = await page.evaluate("document.querySelectorAll('svg.trend').length")
            assert charts == len(
                {(r["measure_id"], r["indicator_id"]) for r in report["indicators"]}
            )
            # Every chart is drawn (a real box on the page) and says its numbers as text.
            boxes = await page.evaluate(
                "[...document.querySelectorAll('svg.trend')].map(s => s.getBoundingClientRect())"
                ".map(r => [r.width, r.height])"
            )
            assert all(w > 100 and h > 50 for w, h in boxes), boxes
            points = await page.evaluate(
                "[...document.querySelectorAll('div.indicator')].flatMap(d => "
                "[...d.querySelectorAll('circle')].map(c => [d.dataset.indicatorId, "
                "c.dataset.region, +c.dataset.year, +c.dataset.value]))"
            )
            latest = {}
            for indicator_id, region, year, value in points:
                key = (indicator_id, region)
                if key not in latest or year > latest[key][0]:
                    latest[key] = (year, value)
            for row in report["indicators"]:
                key = (str(row["indicator_id"]), row["region_title"])
                assert latest[key] == (row["latest_year"], row["latest_value"]), row
            text = await page.evaluate("document.body.innerText")
            assert "Lähteet" in text and "CC BY 4.0" in text
            shot = await page.send(
                "Page.captureScreenshot", format="png", captureBeyondViewport=True
            )
            target = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "report.png"
            target.write_bytes(base64.b64decode(shot["data"]))
            printed = await page.send("Page.printToPDF", printBackground=True, paperWidth=8.27,
                                      paperHeight=11.69)  # fmt: skip
            pdf = base64.b64decode(printed["data"])
            assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
            (tmp_path / "report.pdf").write_bytes(pdf)
