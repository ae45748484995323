"""Indicators through HTTP: CRUD, manual values as JSON and CSV, measures' references,
announcements with the years and regions changed, attribution on every output, and network
isolation for every path."""

from tests.support import Api
from tests.support.indicators import sotkanet_indicator
from tests.support.sotkanet_server import SotkanetServer

PROBLEM = "application/problem+json"


async def _manual(api: Api, network: dict, **extra) -> dict:
    body = {"network_id": network["id"], "name": "Nuorisotilakäynnit / 13-17-vuotias",
            "name_sv": "Ungdomsgårdsbesök", "unit": "käyntiä", **extra}  # fmt: skip
    return await api.create("/v1/indicators", body)


async def _measure(api: Api, network: dict) -> dict:
    plan = await api.create(
        "/v1/plans", {"network_id": network["id"], "title": "Kumppanuuslupaus", "kind": "other"}
    )
    goal = await api.create(f"/v1/plans/{plan['id']}/goals", {"title": "Osallisuus kasvaa"})
    return await api.create(f"/v1/goals/{goal['id']}/measures", {"title": "Nuorisotilat auki"})


async def _feed(api: Api, network: dict) -> list[dict]:
    params = {"network_id": network["id"], "limit": 500}
    return (await api.get("/v1/notifications", params=params)).json()["data"]


async def test_crud_with_etag_and_attribution(coordinator: Api, network: dict):
    made = await _manual(coordinator, network)
    assert made["source"] == "manual" and made["direction"] == "higher_is_better"
    assert made["attribution"]["licence"] is None and made["attribution"]["text"]
    got = await coordinator.get(f"/v1/indicators/{made['id']}")
    etag = got.headers["ETag"]
    stale = await coordinator.patch(
        f"/v1/indicators/{made['id']}", json={"unit": "kpl"}, headers={"If-Match": '"W/0"'}
    )
    assert stale.status_code == 412
    changed = await coordinator.patch(
        f"/v1/indicators/{made['id']}", json={"direction": "lower_is_better"},
        headers={"If-Match": etag},
    )  # fmt: skip
    assert changed.status_code == 200 and changed.json()["direction"] == "lower_is_better"
    listed = (await coordinator.get("/v1/indicators", params={"network_id": network["id"]})).json()
    assert [i["id"] for i in listed["data"]] == [made["id"]]
    assert all("attribution" in i for i in listed["data"])
    assert (await coordinator.delete(f"/v1/indicators/{made['id']}")).status_code == 204
    assert (await coordinator.get(f"/v1/indicators/{made['id']}")).status_code == 404


async def test_a_sotkanet_indicator_needs_its_id(coordinator: Api, network: dict):
    body = {"network_id": network["id"], "name": "X", "source": "sotkanet"}
    response = await coordinator.post("/v1/indicators", json=body)
    assert response.status_code == 422
    assert "sotkanet_id" in response.text


async def test_manual_values_json_and_csv_announce_years_and_regions(
    coordinator: Api, network: dict
):
    indicator = await _manual(coordinator, network)
    url = f"/v1/indicators/{indicator['id']}/values"
    body = {"values": [
        {"region_code": "626", "region_title": "Pyhäjärvi", "year": 2024, "value": 310},
        {"region_code": "626", "region_title": "Pyhäjärvi", "year": 2025, "value": 342},
    ]}  # fmt: skip
    written = (await coordinator.post(url, json=body)).json()
    assert written["changed"] == 2 and written["years"] == [2024, 2025]
    assert written["regions"] == ["KUNTA:626"]
    # The same values again change nothing and announce nothing.
    assert (await coordinator.post(url, json=body)).json()["changed"] == 0
    csv = (
        "region_code;region_category;region_title;year;gender;value\r\n"
        "626;KUNTA;Pyhäjärvi;2025;total;350,5\r\n"
        "564;KUNTA;Oulu;2025;total;12 400\r\n"
    )
    files = {"file": ("arvot.csv", csv.encode(), "text/csv")}
    imported = await coordinator.post(f"{url}/import", files=files)
    assert imported.status_code == 200, imported.text
    assert imported.json()["changed"] == 2
    values = (await coordinator.get(url)).json()
    assert values["attribution"]["text"]
    assert [(v["region_code"], v["year"], v["value"]) for v in values["data"]] == [
        ("564", 2025, 12400.0), ("626", 2024, 310.0), ("626", 2025, 350.5),
    ]  # fmt: skip
    updates = [n for n in await _feed(coordinator, network)
               if n["type"] == "fi.vuosikello.indicator.values_updated"]  # fmt: skip
    assert [(u["data"]["years"], u["data"]["regions"]) for u in updates] == [
        ([2024, 2025], ["KUNTA:626"]), ([2025], ["KUNTA:564", "KUNTA:626"]),
    ]  # fmt: skip
    assert all(u["data"]["attribution"] for u in updates)


async def test_a_bad_csv_row_names_row_and_column_and_writes_nothing(
    coordinator: Api, network: dict
):
    indicator = await _manual(coordinator, network)
    url = f"/v1/indicators/{indicator['id']}/values"
    csv = "region_code;year;value\r\n626;2024;310\r\n626;20x4;12\r\n"
    response = await coordinator.post(f"{url}/import", files={"file": ("a.csv", csv.encode())})
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["row"] == 3 and problem["errors"][0]["column"] == "year"
    assert (await coordinator.get(url)).json()["data"] == []


async def test_values_of_a_sotkanet_indicator_come_only_from_sotkanet(
    coordinator: Api, network: dict
):
    indicator = await sotkanet_indicator(coordinator, network)
    body = {"values": [{"region_code": "564", "year": 2024, "value": 1}]}
    response = await coordinator.post(f"/v1/indicators/{indicator['id']}/values", json=body)
    assert response.status_code == 409
    assert "/refresh" in response.json()["detail"]


async def test_measure_links(coordinator: Api, network: dict):
    indicator = await _manual(coordinator, network)
    measure = await _measure(coordinator, network)
    url = f"/v1/measures/{measure['id']}/indicators"
    body = {"indicator_id": indicator["id"], "region_code": "626", "baseline_year": 2024,
            "baseline_value": 310, "target_year": 2028, "target_value": 400}  # fmt: skip
    link = await coordinator.create(url, body)
    assert link["indicator_name"] == indicator["name"] and link["attribution"]["text"]
    again = await coordinator.post(url, json=body)
    assert again.status_code == 409 and link["id"] in again.json()["detail"]
    assert [x["id"] for x in (await coordinator.get(url)).json()] == [link["id"]]
    assert (await coordinator.delete(f"{url}/{link['id']}")).status_code == 204
    assert (await coordinator.get(url)).json() == []
    types = {n["type"] for n in await _feed(coordinator, network)}
    for expected in ("indicator.created", "measure_indicator.created", "measure_indicator.deleted"):
        assert f"fi.vuosikello.{expected}" in types


async def test_a_link_to_another_networks_indicator_is_refused(
    admin: Api, coordinator: Api, network: dict
):
    other_network = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    foreign = await _manual(admin, other_network)
    measure = await _measure(coordinator, network)
    response = await coordinator.post(
        f"/v1/measures/{measure['id']}/indicators", json={"indicator_id": foreign["id"]}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "indicator_id"


async def test_network_isolation_for_every_path(
    admin: Api, anon: Api, coordinator: Api, network: dict, regions: dict,
    sotkanet: SotkanetServer,
):  # fmt: skip
    indicator = await sotkanet_indicator(coordinator, network)
    await coordinator.post(f"/v1/indicators/{indicator['id']}/refresh")
    manual = await _manual(coordinator, network)
    measure = await _measure(coordinator, network)
    link = await coordinator.create(
        f"/v1/measures/{measure['id']}/indicators", {"indicator_id": manual["id"]}
    )
    other_network = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    other = await admin.client_for(anon, "coordinator", [other_network["id"]])
    i, m = indicator["id"], measure["id"]
    value = {"values": [{"region_code": "564", "year": 2024, "value": 1}]}
    calls = [
        ("GET", f"/v1/indicators/{i}", None),
        ("PATCH", f"/v1/indicators/{i}", {"name": "X"}),
        ("DELETE", f"/v1/indicators/{i}", None),
        ("GET", f"/v1/indicators/{i}/values", None),
        ("POST", f"/v1/indicators/{manual['id']}/values", value),
        ("POST", f"/v1/indicators/{i}/refresh", None),
        ("GET", f"/v1/measures/{m}/indicators", None),
        ("POST", f"/v1/measures/{m}/indicators", {"indicator_id": manual["id"]}),
        ("DELETE", f"/v1/measures/{m}/indicators/{link['id']}", None),
        ("GET", f"/v1/networks/{network['id']}/situation", None),
    ]
    for method, url, body in calls:
        response = await other.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.status_code, response.text)
        assert response.headers["content-type"] == PROBLEM
    upload = await other.post(
        f"/v1/indicators/{manual['id']}/values/import",
        files={"file": ("a.csv", b"region_code;year;value\r\n564;2024;1\r\n")},
    )
    assert upload.status_code == 404
    listed = (await other.get("/v1/indicators", params={"network_id": network["id"]})).json()
    assert listed["data"] == []
    # A member of the network may read but not write.
    reader = await admin.client_for(anon, "member", [network["id"]])
    assert (await reader.get(f"/v1/indicators/{i}/values")).status_code == 200
    refused = await reader.post(f"/v1/indicators/{i}/refresh")
    assert refused.status_code == 403
    # Nothing changed for the owner.
    assert (await coordinator.get(f"/v1/indicators/{i}")).json()["name"] == indicator["name"]
    assert (await coordinator.get(f"/v1/measures/{m}/indicators")).json()[0]["id"] == link["id"]


async def test_deleting_goes_with_values_and_links(coordinator: Api, network: dict):
    indicator = await _manual(coordinator, network)
    body = {"values": [{"region_code": "626", "year": 2024, "value": 310}]}
    assert (
        await coordinator.post(f"/v1/indicators/{indicator['id']}/values", json=body)
    ).status_code == 200
    measure = await _measure(coordinator, network)
    url = f"/v1/measures/{measure['id']}/indicators"
    await coordinator.create(url, {"indicator_id": indicator["id"]})
    second = await _manual(coordinator, network, name="Toinen")
    await coordinator.create(url, {"indicator_id": second["id"]})
    # The indicator goes with its values and the measure's reference to it.
    assert (await coordinator.delete(f"/v1/indicators/{indicator['id']}")).status_code == 204
    assert [x["indicator_id"] for x in (await coordinator.get(url)).json()] == [second["id"]]
    # A deleted measure takes its references along; the indicator stays.
    assert (await coordinator.delete(f"/v1/measures/{measure['id']}")).status_code == 204
    picture = (await coordinator.get(f"/v1/networks/{network['id']}/situation")).json()
    assert [i["indicator"]["id"] for i in picture["indicators"]] == [second["id"]]
    assert (await coordinator.get(f"/v1/indicators/{second['id']}")).status_code == 200
