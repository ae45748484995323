"""The demo's board report (what `make run` shows): every measure's indicator has its baseline
(the value of the baseline year in the committed Sotkanet answers), a target, the latest
value and a chart, in JSON, HTML, XLSX and CSV; the wellbeing county is followed by its
HYVINVOINTIALUE code."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.db.session import get_database
from app.demo.loader import populate
from tests.support import Api
from tests.support.secret_grep import REGISTRY

ANSWERS = Path(__file__).parents[3] / "app" / "demo" / "sotkanet"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BASELINE_CELL = re.compile(r'<tr data-region-code="([^"]+)"><td>[^<]*</td><td>([^<]*)</td>')


@pytest.fixture(scope="module")
async def demo_network(app) -> str:
    """The demo, loaded once on the suite's database the way `vuosikello demo` loads it."""
    async with get_database().sessionmaker() as session:
        result = await populate(session)
        await session.commit()
    REGISTRY.add(result.credentials["client_secret"])
    return str(result.network_id)


def _answer_value(sotkanet_id: int, gender: str, category: str, code: str, year: int) -> float:
    """A value as the committed answers give it, found the way the import finds it."""
    regions = json.loads((ANSWERS / "regions.json").read_text(encoding="utf-8"))
    (region_id,) = [r["id"] for r in regions if (r["category"], r["code"]) == (category, code)]
    rows = json.loads((ANSWERS / "values" / f"{sotkanet_id}.json").read_text(encoding="utf-8"))
    (value,) = [
        r["value"] for r in rows
        if r["region"] == region_id and r["year"] == year and r["gender"] == gender
    ]  # fmt: skip
    return value


async def _get(api: Api, url: str, accept: str, **params) -> bytes:
    response = await api.get(url, headers={"Accept": accept, "Accept-Language": "fi"},
                             params=params)  # fmt: skip
    assert response.status_code == 200, response.text
    return response.content


async def test_the_demo_report_shows_baselines_targets_latest_values_and_charts(
    admin: Api, demo_network: str
):
    plans = (await admin.get("/v1/plans", params={"network_id": demo_network})).json()["data"]
    indicators = {
        i["id"]: i
        for i in (await admin.get("/v1/indicators", params={"network_id": demo_network})).json()[
            "data"
        ]
    }
    rows_seen = 0
    for plan in plans:
        url = f"/v1/plans/{plan['id']}/report"
        report = json.loads(await _get(admin, url, "application/json"))
        rows = report["indicators"]
        if not rows:
            continue
        rows_seen += len(rows)
        for row in rows:
            indicator = indicators[row["indicator_id"]]
            expected = _answer_value(
                indicator["sotkanet_id"], indicator["gender"], row["region_category"],
                row["region_code"], row["baseline_year"],
            )  # fmt: skip
            assert row["baseline_value"] == expected, row
            assert row["target_year"] and row["target_value"] is not None, row
            assert row["latest_year"] and row["latest_value"] is not None, row
            assert row["status"] != "no_data", row
        # The HTML page: a baseline in every region row, and a chart with its baseline line.
        page = (await _get(admin, url, "text/html")).decode()
        cells = BASELINE_CELL.findall(page)
        assert len(cells) == len(rows)
        assert all(text.strip() for _, text in cells), cells
        assert page.count("<svg") >= len({r["indicator_id"] for r in rows})
        assert "lähtötaso" in page
        # XLSX (the indicator sheet) and CSV (?part=indicators): the same baselines.
        book = load_workbook(io.BytesIO(await _get(admin, url, XLSX)))
        sheet = [list(r) for r in book["Indikaattorit"].iter_rows(values_only=True)]
        column = sheet[0].index("Lähtötaso")
        assert [r[column] for r in sheet[1:]] == [r["baseline_value"] for r in rows]
        text = (await _get(admin, url, "text/csv", part="indicators")).decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text), delimiter=";"))
        column = table[0].index("Lähtötaso")
        assert [float(r[column]) for r in table[1:]] == [r["baseline_value"] for r in rows]
    # The demo links each of its six measure indicators to one region.
    assert rows_seen == 6


async def test_the_demo_follows_its_wellbeing_county_by_code(admin: Api, demo_network: str):
    partners = (
        await admin.get(
            "/v1/partners", params={"network_id": demo_network, "kind": "wellbeing_county"}
        )
    ).json()["data"]
    assert [(p["name"], p["wellbeing_county_code"]) for p in partners] == [
        ("Pohjois-Pohjanmaan hyvinvointialue (Pohde)", "19")
    ]
    situation = (await admin.get(f"/v1/networks/{demo_network}/situation")).json()
    for item in situation["indicators"]:
        regions = {(r["region_category"], r["region_code"]) for r in item["regions"]}
        assert ("HYVINVOINTIALUE", "19") in regions, item["indicator"]["name"]
