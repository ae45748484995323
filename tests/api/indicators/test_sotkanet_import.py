"""The Sotkanet import against a real HTTP server on loopback answering from the committed
fixtures: regions mapped by category and code, nothing fetched when `data-updated` did not
move, a failing or slow source keeping the values and recording the error."""

import json
import time

from tests.support import Api
from tests.support.indicators import sotkanet_indicator
from tests.support.sotkanet_server import FIXTURES, SotkanetServer


async def _values(api: Api, indicator: dict, **params) -> dict:
    response = await api.get(f"/v1/indicators/{indicator['id']}/values", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def _refresh(api: Api, indicator: dict, **params) -> dict:
    response = await api.post(f"/v1/indicators/{indicator['id']}/refresh", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_import_maps_regions_by_category_and_code(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network)
    result = await _refresh(coordinator, indicator)
    assert result["outcome"] == "imported"
    values = await _values(coordinator, indicator)
    followed = {(v["region_category"], v["region_code"], v["region_title"]) for v in values["data"]}
    # Oulu and Pyhäjärvi by municipality code, the wellbeing county by name, the country:
    # not Raahe or Helsinki (no partner), not the SEUTUKUNTA or MAAKUNTA sharing a code.
    assert followed == {
        ("KUNTA", "564", "Oulu"),
        ("KUNTA", "626", "Pyhäjärvi"),
        ("HYVINVOINTIALUE", "19", "Pohjois-Pohjanmaan hyvinvointialue"),
        ("MAA", "1", "Koko maa"),
    }
    # The values are the fixture's, for the region whose id Sotkanet gave, gender total.
    oulu_2024 = [v for v in values["data"] if v["region_code"] == "564" and v["year"] == 2024]
    assert len(oulu_2024) == 1
    assert oulu_2024[0]["gender"] == "total"
    assert oulu_2024[0]["source"] == "sotkanet"
    assert oulu_2024[0]["value"] == _fixture_value(1086, 1564, 2024, "total")
    # One metadata, one regions and one values call; the years asked are the latest ten.
    assert [path for path, _ in sotkanet.requests] == ["/indicators/1086", "/regions", "/json"]
    query = sotkanet.requests[-1][1]
    assert query["indicator"] == ["1086"] and query["genders"] == ["total"]
    assert query["years"] == [str(y) for y in range(2015, 2025)]
    shown = result["indicator"]
    assert shown["data_updated"] == "2025-11-20"
    assert shown["organization"] == "Terveyden ja hyvinvoinnin laitos (THL)"
    assert shown["last_error"] is None and shown["last_refreshed_at"]
    assert values["attribution"]["licence"] == "CC BY 4.0"
    assert (
        values["attribution"]["url"] == "https://sotkanet.fi/sotkanet/fi/metadata/indicators/1086"
    )
    assert values["attribution"]["other_organization"] is False
    assert result["values"]["years"] == list(range(2015, 2025))
    assert result["values"]["regions"] == ["HYVINVOINTIALUE:19", "KUNTA:564", "KUNTA:626", "MAA:1"]


async def test_a_wellbeing_county_is_followed_by_its_code(
    coordinator: Api, network: dict, sotkanet: SotkanetServer
):
    # The code wins over the name: "Pohde" names no Sotkanet region, and a partner named
    # after Pohjois-Pohjanmaa but carrying code 1 follows Itä-Uusimaa (961), not 973.
    for name, code in (("Pohde", "19"), ("Pohjois-Pohjanmaan hyvinvointialue", "01")):
        await coordinator.create("/v1/partners", {
            "network_id": network["id"], "name": name, "kind": "wellbeing_county",
            "wellbeing_county_code": code,
        })  # fmt: skip
    indicator = await sotkanet_indicator(coordinator, network)
    result = await _refresh(coordinator, indicator)
    assert result["values"]["regions"] == ["HYVINVOINTIALUE:1", "HYVINVOINTIALUE:19", "MAA:1"]
    values = (await _values(coordinator, indicator, region_code="1"))["data"]
    counties = {(v["region_category"], v["region_title"]) for v in values}
    assert ("HYVINVOINTIALUE", "Itä-Uudenmaan hyvinvointialue") in counties
    itä_2024 = [
        v for v in values if v["region_category"] == "HYVINVOINTIALUE" and v["year"] == 2024
    ]
    assert [v["value"] for v in itä_2024] == [_fixture_value(1086, 961, 2024, "total")]


def _fixture_value(indicator: int, region: int, year: int, gender: str) -> float:
    rows = json.loads((FIXTURES / "values" / f"{indicator}.json").read_text())
    (row,) = [
        r for r in rows
        if r["region"] == region and r["year"] == year and r["gender"] == gender
    ]  # fmt: skip
    return row["value"]


async def test_refresh_imports_nothing_when_data_updated_did_not_move(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network)
    await _refresh(coordinator, indicator)
    before = await _values(coordinator, indicator)
    calls = len(sotkanet.requests)
    again = await _refresh(coordinator, indicator)
    assert again["outcome"] == "unchanged" and again["values"] is None
    # Only the metadata was asked for: no /regions, no /json.
    assert [p for p, _ in sotkanet.requests[calls:]] == ["/indicators/1086"]
    assert await _values(coordinator, indicator) == before
    # Sotkanet moves data-updated: the next refresh fetches again (and changes nothing,
    # since the values are the same, so no values_updated either).
    sotkanet.data_updated[1086] = "2026-01-15"
    moved = await _refresh(coordinator, indicator)
    assert moved["outcome"] == "imported"
    assert moved["indicator"]["data_updated"] == "2026-01-15"
    assert sotkanet.calls("/json") == 2
    assert moved["values"] is None


async def test_a_failing_source_keeps_the_values_and_records_the_error(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network)
    await _refresh(coordinator, indicator)
    before = await _values(coordinator, indicator)
    assert before["data"]
    sotkanet.fault = "500"
    calls = len(sotkanet.requests)
    failed = await _refresh(coordinator, indicator, force="true")
    assert failed["outcome"] == "failed"
    error = failed["indicator"]["last_error"]
    assert "500" in error and "3 attempts" in error and "kept" in error
    # Retried: three attempts at the metadata, then it gave up.
    assert [p for p, _ in sotkanet.requests[calls:]] == ["/indicators/1086"] * 3
    assert await _values(coordinator, indicator) == before
    stored = (await coordinator.get(f"/v1/indicators/{indicator['id']}")).json()
    assert stored["last_error"] == error
    # The source recovers: a refresh after a failure imports again and clears the error.
    sotkanet.fault = None
    recovered = await _refresh(coordinator, indicator)
    assert recovered["outcome"] == "imported"
    assert recovered["indicator"]["last_error"] is None


async def test_a_slow_source_times_out_keeps_the_values_and_records_the_error(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network)
    await _refresh(coordinator, indicator)
    before = await _values(coordinator, indicator)
    sotkanet.fault = "timeout"
    started = time.monotonic()
    failed = await _refresh(coordinator, indicator, force="true")
    elapsed = time.monotonic() - started
    assert failed["outcome"] == "failed"
    assert "did not answer" in failed["indicator"]["last_error"]
    # Three attempts of 0.5 s with short backoff: bounded, not the server's 30 s.
    assert 1.4 < elapsed < 10
    assert await _values(coordinator, indicator) == before


async def test_an_empty_answer_for_total_on_a_gendered_indicator_says_what_to_do(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network, sotkanet_id=3219)
    result = await _refresh(coordinator, indicator)
    assert result["outcome"] == "empty"
    assert "set gender to male or female" in result["indicator"]["last_error"]
    assert (await _values(coordinator, indicator))["data"] == []
    changed = await coordinator.patch(
        f"/v1/indicators/{indicator['id']}", json={"gender": "female"}
    )
    assert changed.status_code == 200, changed.text
    result = await _refresh(coordinator, indicator)
    assert result["outcome"] == "imported"
    values = (await _values(coordinator, indicator))["data"]
    assert values and {v["gender"] for v in values} == {"female"}
    # Every second year (the school health survey), the fixture's latest is 2023.
    assert max(v["year"] for v in values) == 2023


async def test_an_indicator_of_another_organisation_is_flagged(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network, sotkanet_id=74)
    result = await _refresh(coordinator, indicator)
    attribution = result["indicator"]["attribution"]
    assert attribution["organization"] == "Tilastokeskus"
    assert attribution["other_organization"] is True
    assert "muu kuin THL" in attribution["text"]


async def test_refresh_of_a_manual_indicator_is_a_conflict_that_says_what_to_do(
    coordinator: Api, network: dict
):
    manual = await coordinator.create(
        "/v1/indicators", {"network_id": network["id"], "name": "Nuorisotilakäynnit"}
    )
    response = await coordinator.post(f"/v1/indicators/{manual['id']}/refresh")
    assert response.status_code == 409
    assert "/values" in response.json()["detail"]


async def _announced(api: Api, network: dict) -> list[tuple[str, list[str] | None]]:
    """The indicator announcements on the polling feed: type and changed fields."""
    params = {"network_id": network["id"], "limit": 500}
    feed = (await api.get("/v1/notifications", params=params)).json()["data"]
    return [
        (n["type"].removeprefix("fi.vuosikello."), n["data"].get("changed_fields"))
        for n in feed if n["type"].startswith("fi.vuosikello.indicator.")
    ]  # fmt: skip


async def test_a_refresh_that_changed_nothing_announces_nothing(
    coordinator: Api, network: dict, regions: dict, sotkanet: SotkanetServer
):
    indicator = await sotkanet_indicator(coordinator, network)
    await _refresh(coordinator, indicator)
    first = await _announced(coordinator, network)
    assert [t for t, _ in first] == [
        "indicator.created", "indicator.values_updated", "indicator.updated",
    ]  # fmt: skip
    assert {"data_updated", "organization"} <= set(first[-1][1] or [])
    # Unchanged data-updated, and a forced fetch of the same values: only last_refreshed_at
    # moved, so nothing is announced.
    for params in ({}, {"force": "true"}):
        before = await _values(coordinator, indicator)
        assert (await _refresh(coordinator, indicator, **params))["indicator"]["last_refreshed_at"]
        assert await _values(coordinator, indicator) == before
    assert await _announced(coordinator, network) == first
    # A failing source is news once (last_error set), not on every failing retry after it;
    # its recovery is news again (last_error cleared), without values_updated.
    sotkanet.fault = "500"
    for _ in range(2):
        assert (await _refresh(coordinator, indicator, force="true"))["outcome"] == "failed"
    sotkanet.fault = None
    assert (await _refresh(coordinator, indicator))["outcome"] == "imported"
    later = (await _announced(coordinator, network))[len(first) :]
    assert [t for t, _ in later] == ["indicator.updated", "indicator.updated"]
    assert all("last_error" in (changed or []) for _, changed in later)
    # A moved data-updated is news even when the values are the same (no values_updated).
    sotkanet.data_updated[1086] = "2026-01-15"
    assert (await _refresh(coordinator, indicator))["outcome"] == "imported"
    moved = (await _announced(coordinator, network))[len(first) + len(later) :]
    assert moved == [("indicator.updated", ["data_updated", "last_refreshed_at"])]
