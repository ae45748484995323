"""The board's report with indicators: the HTML page's charts read back match the values,
the XLSX holds the same rows as the JSON, the CSV of indicator rows, the PDF; attribution on
every output; fi/sv/en; and the situational picture with trends and direction-aware status."""

import csv
import io
import re
from html.parser import HTMLParser

from openpyxl import load_workbook

from tests.support import Api
from tests.support.indicators import report_world
from tests.support.sotkanet_server import SotkanetServer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Circles(HTMLParser):
    """The chart points and text alternatives of a report page."""

    def __init__(self) -> None:
        super().__init__()
        self.indicator: str | None = None
        self.points: list[tuple[str, str, int, float]] = []
        self.descs: list[str] = []
        self._in_desc = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "data-indicator-id" in a:
            self.indicator = a["data-indicator-id"]
        if tag == "circle":
            self.points.append(
                (self.indicator, a["data-region"], int(a["data-year"]), float(a["data-value"]))
            )
        self._in_desc = tag == "desc"

    def handle_endtag(self, tag):
        self._in_desc = False

    def handle_data(self, data):
        if self._in_desc:
            self.descs.append(data)


async def _report(api: Api, plan: dict, accept: str, language: str = "fi", **params):
    response = await api.get(
        f"/v1/plans/{plan['id']}/report",
        headers={"Accept": accept, "Accept-Language": language}, params=params,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    return response


async def test_html_charts_read_back_match_the_values(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    w = await report_world(coordinator, network)
    page = (await _report(coordinator, w["plan"], "text/html")).text
    parsed = Circles()
    parsed.feed(page)
    for sotkanet_id, indicator in w["indicators"].items():
        values = (await coordinator.get(f"/v1/indicators/{indicator['id']}/values")).json()
        shown = {(r, y, v) for i, r, y, v in parsed.points if i == indicator["id"]}
        if sotkanet_id == 1086:  # the link is for Pyhäjärvi only
            values["data"] = [v for v in values["data"] if v["region_code"] == "626"]
        expected = {(v["region_title"], v["year"], v["value"]) for v in values["data"]}
        assert shown == expected and expected
    # The text alternative says the same numbers, with a decimal comma in Finnish.
    desc = next(d for d in parsed.descs if "Pyhäjärvi" in d)
    pyhajarvi = [(y, v) for i, r, y, v in parsed.points
                 if i == w["indicators"][1086]["id"]]  # fmt: skip
    for year, value in pyhajarvi:
        assert f"{year}: {str(value).replace('.', ',').removesuffix(',0')} %" in desc
    assert 'role="img"' in page and "<title>" in page
    # The target line is drawn at the target, and the attribution is on the page.
    assert 'class="target" data-value="5.5"' in page
    assert "CC BY 4.0" in page
    assert "https://sotkanet.fi/sotkanet/fi/metadata/indicators/1086" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page


async def test_xlsx_holds_the_same_rows_as_the_json(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    w = await report_world(coordinator, network)
    report = (await _report(coordinator, w["plan"], "application/json")).json()
    assert report["share_realised"] == 0.75
    assert len(report["rows"]) == 2 and report["attributions"]
    # Indicator 1086 for Pyhäjärvi only; indicator 4 for the four regions followed.
    assert [(r["indicator"], r["region_code"]) for r in report["indicators"]][:1] == [
        (w["indicators"][1086]["name"], "626")
    ]
    assert len(report["indicators"]) == 5
    book = load_workbook(io.BytesIO((await _report(coordinator, w["plan"], XLSX)).content))
    table, indicators, sources = book.worksheets
    table_rows = [list(r) for r in table.iter_rows(min_row=2, values_only=True)]
    assert table_rows == [
        [r["goal"], r["measure"], ", ".join(r["responsible"]) or None, r["metric"],
         {"yes": "kyllä", "partly": "osittain"}[r["status"]], r["comment"]]
        for r in report["rows"]
    ]  # fmt: skip
    sheet_rows = [list(r) for r in indicators.iter_rows(min_row=2, values_only=True)]
    words = {
        "target_met": "tavoite saavutettu",
        "improving": "paranee",
        "worsening": "heikkenee",
        "unchanged": "ennallaan",
        "not_met": "ei saavutettu",
        "no_target": "ei tavoitetta",
    }
    assert sheet_rows == [
        [r["goal"], r["measure"], r["indicator"], r["unit"], r["region_code"],
         r["region_category"], r["region_title"], r["baseline_year"], r["baseline_value"],
         r["target_year"], r["target_value"], r["latest_year"], r["latest_value"], r["trend"],
         words[r["status"]], r["attribution"]]
        for r in report["indicators"]
    ]  # fmt: skip
    assert [r[0] for r in sources.iter_rows(min_row=2, values_only=True)] == [
        a["text"] for a in report["attributions"]
    ]


async def test_csv_pdf_and_languages_carry_the_attribution(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    w = await report_world(coordinator, network)
    rows = (await _report(coordinator, w["plan"], "text/csv", part="indicators")).text
    parsed = list(csv.reader(io.StringIO(rows.lstrip("\ufeff")), delimiter=";"))
    assert parsed[0][0] == "Tavoite" and parsed[0][-1] == "Lähde"
    assert len(parsed) == 6 and all("CC BY 4.0" in r[-1] for r in parsed[1:])
    english = await _report(coordinator, w["plan"], "text/html", "en-GB,en;q=0.9")
    assert english.headers["content-language"] == "en"
    assert "Sources" in english.text and "target" in english.text
    swedish = await _report(coordinator, w["plan"], "text/html", "sv")
    assert "Källor" in swedish.text and "mål 5,5" in swedish.text
    pdf = await _report(coordinator, w["plan"], "application/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


async def test_situation_trend_and_direction_aware_status(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    w = await report_world(coordinator, network)
    picture = (await coordinator.get(f"/v1/networks/{network['id']}/situation")).json()
    assert [p["plan_id"] for p in picture["plans"]] == [w["plan"]["id"]]
    assert picture["plans"][0]["rollup"]["share_realised"] == 0.75
    assert {a["licence"] for a in picture["attributions"]} == {"CC BY 4.0"}
    by_id = {item["indicator"]["id"]: item for item in picture["indicators"]}
    notifications = by_id[w["indicators"][1086]["id"]]
    values = (await coordinator.get(
        f"/v1/indicators/{w['indicators'][1086]['id']}/values", params={"region_code": "626"}
    )).json()["data"]  # fmt: skip
    region = next(r for r in notifications["regions"] if r["region_code"] == "626")
    latest, previous = values[-1], values[-2]
    assert (region["latest_year"], region["latest_value"]) == (latest["year"], latest["value"])
    assert region["previous_value"] == previous["value"]
    change = latest["value"] - previous["value"]
    expected_trend = "flat" if abs(change) <= abs(previous["value"]) * 0.005 else (
        "up" if change > 0 else "down")  # fmt: skip
    assert region["trend"] == expected_trend
    # lower_is_better: a fall is an improvement.
    assert (
        region["assessment"]
        == {"up": "worsening", "down": "improving", "flat": "stable"}[expected_trend]
    )
    (target,) = region["targets"]
    expected = ("target_met" if latest["value"] <= 5.5 else
                "improving" if latest["value"] < 7.0 else
                "worsening" if latest["value"] > 7.0 else "unchanged")  # fmt: skip
    assert target["status"] == expected
    # Other regions of indicator 1086 have no target (the link is for 626 only).
    assert all(r["targets"] == [] for r in notifications["regions"] if r["region_code"] != "626")
    # `year` cuts the values: up to 2020, the latest is 2020.
    older = (await coordinator.get(
        f"/v1/networks/{network['id']}/situation", params={"year": 2020}
    )).json()  # fmt: skip
    for item in older["indicators"]:
        assert all(r["latest_year"] <= 2020 for r in item["regions"])
    assert re.match(r"^\d{4}$", str(older["year"]))
