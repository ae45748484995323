"""GET /v1/networks/{id}/wheel.{svg,html,png,pdf,csv,xlsx}: options, validation, isolation,
ETag caching, colours, through HTTP only."""

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

import pytest
from PIL import Image

from app.core import clock

NS = {"s": "http://www.w3.org/2000/svg"}
NOW = datetime(2027, 3, 10, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with clock.freeze(NOW):
        yield


@pytest.fixture
async def year(admin, network) -> dict:
    """A network with the year's backbone: the October seminar, a yearly budget deadline with
    a milestone, a steering group's meetings, a May follow-up round."""
    nid = network["id"]
    group = await admin.create("/v1/groups", {"network_id": nid, "name": "Ohjausryhmä",
                                              "kind": "steering_group"})  # fmt: skip
    partner = await admin.create("/v1/partners", {"network_id": nid, "name": "Oulun kaupunki",
                                                  "kind": "municipality"})  # fmt: skip
    seminar = await admin.create("/v1/events", {
        "network_id": nid, "title": "Hyvinvoinnin tilannekuvaseminaari", "category": "Tilannekuva",
        "start": "2027-10-06T09:00:00", "end": "2027-10-06T15:00:00", "rrule": "FREQ=YEARLY",
        "partner_ids": [partner["id"]],
    })  # fmt: skip
    meetings = await admin.create("/v1/events", {
        "network_id": nid, "group_id": group["id"], "title": "Ohjausryhmän kokous",
        "category": "Ohjausryhmä", "start": "2027-02-15T13:00:00", "end": "2027-02-15T15:00:00",
        "rrule": "FREQ=MONTHLY;INTERVAL=3;COUNT=4",
    })  # fmt: skip
    followup = await admin.create("/v1/events", {
        "network_id": nid, "title": "Suunnitelman seurantakierros", "category": "Seuranta",
        "start": "2027-05-03", "end": "2027-05-29", "all_day": True,
    })  # fmt: skip
    budget = await admin.create("/v1/deadlines", {
        "network_id": nid, "title": "Talousarvio", "due": "2027-11-30",
        "decision_body": "Valtuusto", "category": "Talous",
        "milestones": [{"name": "Lapsivaikutusten arviointi", "offset": "-P30D"}],
    })  # fmt: skip
    return {"network": nid, "group": group, "partner": partner, "seminar": seminar,
            "meetings": meetings, "followup": followup, "budget": budget}  # fmt: skip


def _items(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {
        g.find("s:title", NS).text.split(", ")[0]: g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "item" in g.get("class", "").split()
    }


def _titles(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return sorted(
        g.find("s:title", NS).text.split(", ")[0]
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "item" in g.get("class", "").split()
    )


async def test_svg_shows_every_item_of_the_year_once(admin, year):
    response = await admin.get(f"/v1/networks/{year['network']}/wheel.svg", params={"year": 2027})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    titles = _titles(response.text)
    assert titles.count("Hyvinvoinnin tilannekuvaseminaari") == 1
    assert titles.count("Ohjausryhmän kokous") == 4
    assert titles.count("Talousarvio") == 1
    assert titles.count("Lapsivaikutusten arviointi: Talousarvio") == 1
    assert titles.count("Suunnitelman seurantakierros") == 1
    kinds = {g.get("data-kind") for g in _items(response.text).values()}
    assert kinds == {"event", "deadline", "milestone"}
    root = ET.fromstring(response.text)
    assert root.get("role") == "img"
    ring_labels = [t.text for t in root.findall(".//s:g[@class='ring-labels']/s:text", NS)]
    assert {"Tilannekuva", "Ohjausryhmä", "Seuranta", "Talous"} <= set(ring_labels)


async def test_rings_by_group_partner_and_kind(admin, year):
    url = f"/v1/networks/{year['network']}/wheel.svg"
    for rings, expected in (
        ("group", {"Ohjausryhmä", "Muut"}),
        ("partner", {"Oulun kaupunki", "Muut"}),
        ("kind", {"tapahtuma", "määräaika", "välitavoite"}),
    ):
        svg = (await admin.get(url, params={"year": 2027, "rings": rings})).text
        root = ET.fromstring(svg)
        labels = {t.text for t in root.findall(".//s:g[@class='ring-labels']/s:text", NS)}
        assert labels == expected, rings


async def test_filters_narrow_the_wheel(admin, year):
    url = f"/v1/networks/{year['network']}/wheel.svg"
    only_budget = await admin.get(url, params={"year": 2027, "categories": "Talous"})
    assert _titles(only_budget.text) == ["Lapsivaikutusten arviointi: Talousarvio", "Talousarvio"]
    group = await admin.get(url, params={"year": 2027, "groups": year["group"]["id"]})
    assert set(_titles(group.text)) == {"Ohjausryhmän kokous"}
    partner = await admin.get(url, params={"year": 2027, "partners": year["partner"]["id"]})
    assert _titles(partner.text) == ["Hyvinvoinnin tilannekuvaseminaari"]
    deadlines = await admin.get(url, params=[("year", "2027"), ("kinds", "deadline")])
    assert _titles(deadlines.text) == ["Talousarvio"]


async def test_a_school_year_starts_in_august(admin, year):
    url = f"/v1/networks/{year['network']}/wheel.svg"
    svg = (await admin.get(url, params={"from": "2027-08", "lang": "en"})).text
    root = ET.fromstring(svg)
    months = [t.text for t in root.findall(".//s:g[@class='months']//s:textPath", NS)]
    assert months[0] == "August 2027" and months[5] == "January 2028"
    # The seminar of October 2027 is in; the May 2027 follow-up round is before the wheel.
    assert "Hyvinvoinnin tilannekuvaseminaari" in _titles(svg)
    assert "Suunnitelman seurantakierros" not in _titles(svg)
    same = await admin.get(url, params={"year": 2027, "start_month": 8, "lang": "en"})
    assert _titles(same.text) == _titles(svg)


async def test_etag_gives_304_until_something_changes(admin, year):
    url = f"/v1/networks/{year['network']}/wheel.svg"
    first = await admin.get(url, params={"year": 2027})
    etag = first.headers["etag"]
    again = await admin.get(url, params={"year": 2027}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content
    other_options = await admin.get(url, params={"year": 2027, "lang": "sv"},
                                    headers={"If-None-Match": etag})  # fmt: skip
    assert other_options.status_code == 200
    await admin.create("/v1/events", {"network_id": year["network"], "title": "Uusi kokous",
                                      "start": "2027-06-01T10:00:00"})  # fmt: skip
    changed = await admin.get(url, params={"year": 2027}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert "Uusi kokous" in _titles(changed.text)


async def test_network_colours_paint_the_categories(admin, year):
    url = f"/v1/networks/{year['network']}/category-colors"
    put = await admin.put(url, {"colors": {"Talous": "#123456"}})
    assert put.status_code == 200, put.text
    assert (await admin.get(url)).json()["colors"] == {"Talous": "#123456"}
    svg = (await admin.get(f"/v1/networks/{year['network']}/wheel.svg",
                           params={"year": 2027})).text  # fmt: skip
    items = _items(svg)
    assert items["Talousarvio"].find("s:path[@class='shape']", NS).get("fill") == "#123456"
    seminar_fill = items["Hyvinvoinnin tilannekuvaseminaari"].find("s:path", NS).get("fill")
    assert re.fullmatch(r"#[0-9A-F]{6}", seminar_fill) and seminar_fill != "#123456"
    bad = await admin.put(url, {"colors": {"Talous": "red"}})
    assert bad.status_code == 422 and "colors" in bad.json()["errors"][0]["field"]


async def test_html_has_the_picture_and_the_table_by_month(admin, year):
    response = await admin.get(f"/v1/networks/{year['network']}/wheel.html",
                               params={"year": 2027})  # fmt: skip
    assert response.status_code == 200
    page = response.text
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    table = page[page.index("<table") :]
    for title in ("Hyvinvoinnin tilannekuvaseminaari", "Talousarvio", "Ohjausryhmän kokous"):
        assert title in table
    months = re.findall(r'<th scope="rowgroup" colspan="6">([^<]+)</th>', table)
    assert len(months) == 12 and months[9] == "lokakuu 2027"
    october = table.split("lokakuu 2027")[1].split("marraskuu 2027")[0]
    assert "Hyvinvoinnin tilannekuvaseminaari" in october and "6.10.2027" in october
    # Each item of the picture links to its row.
    anchors = set(re.findall(r'<a href="#(item-\d+)"', page))
    rows = set(re.findall(r'<tr id="(item-\d+)"', page))
    assert anchors == rows and len(rows) == 8


async def test_png_and_pdf(admin, year):
    url = f"/v1/networks/{year['network']}/wheel"
    png = await admin.get(url + ".png", params={"year": 2027, "size": 400})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.width == 400 and image.height > 400  # the legend below the circle
    pdf = await admin.get(url + ".pdf", params={"year": 2027})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


async def test_csv_and_xlsx_export_the_year(admin, year):
    url = f"/v1/networks/{year['network']}/wheel"
    response = await admin.get(url + ".csv", params={"year": 2027})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Kuukausi", "Päivä", "Aika", "Kehä", "Otsikko", "Laji", "Tila",
                       "Kumppani", "Paikka"]  # fmt: skip
    assert len(rows) == 1 + 8
    seminar = next(r for r in rows if r[4] == "Hyvinvoinnin tilannekuvaseminaari")
    assert seminar[:4] == ["lokakuu 2027", "6.10.2027", "09:00\u201315:00", "Tilannekuva"]
    assert seminar[5] == "tapahtuma" and seminar[7] == "Oulun kaupunki"
    xlsx = await admin.get(url + ".xlsx", params={"year": 2027})
    assert xlsx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "Hyvinvoinnin tilannekuvaseminaari" in strings and "Oulun kaupunki" in strings


async def test_a_formula_like_title_stays_text(admin, network):
    await admin.create("/v1/events", {"network_id": network["id"], "title": "=HYPERLINK(1)",
                                      "start": "2027-04-01T10:00:00"})  # fmt: skip
    response = await admin.get(f"/v1/networks/{network['id']}/wheel.csv", params={"year": 2027})
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rings": "colour"}, "rings"),
        ({"size": "5000"}, "size"),
        ({"size": "10"}, "size"),
        ({"year": "3000"}, "year"),
        ({"from": "2027-13"}, "from"),
        ({"from": "soon"}, "from"),
        ({"kinds": "meeting"}, "kinds"),
        ({"lang": "de"}, "lang"),
        ({"groups": "not-a-uuid"}, "groups"),
        ({"groups": str(uuid.uuid4())}, "groups"),
        ({"partners": str(uuid.uuid4())}, "partners"),
        ({"start_month": "13"}, "start_month"),
        ({"categories": "Talous\x00"}, "categories"),
        ({"categories": "x" * 101}, "categories"),
    ],
)
async def test_invalid_options_get_a_422_naming_the_parameter(admin, network, params, field):
    response = await admin.get(f"/v1/networks/{network['id']}/wheel.svg", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    # A list parameter names its position too: kinds[0].
    assert [e["field"].split("[")[0] for e in response.json()["errors"]] == [field]


async def test_another_networks_wheel_and_ids_are_refused(admin, anon, year, coordinator):
    other = await admin.create("/v1/networks", {"name": f"Toinen {uuid.uuid4().hex[:6]}"})
    own = year["network"]
    for fmt in ("svg", "html", "png", "pdf", "csv", "xlsx"):
        assert (await coordinator.get(f"/v1/networks/{other['id']}/wheel.{fmt}")).status_code == 404
        assert (await anon.get(f"/v1/networks/{own}/wheel.{fmt}")).status_code == 401
    assert (await coordinator.get(f"/v1/networks/{own}/wheel.svg")).status_code == 200
    foreign = await admin.create("/v1/groups", {"network_id": other["id"], "name": "Vieras",
                                                "kind": "working_group"})  # fmt: skip
    response = await coordinator.get(f"/v1/networks/{own}/wheel.svg",
                                     params={"groups": foreign["id"]})  # fmt: skip
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "groups"
    colours = f"/v1/networks/{other['id']}/category-colors"
    assert (await coordinator.get(colours)).status_code == 404
    assert (await coordinator.put(colours, {"colors": {}})).status_code == 404
