async def test_network_partner_event_roundtrip(admin, coordinator, network):
    partner = await coordinator.create(
        "/v1/partners",
        {
            "network_id": network["id"],
            "name": "Oulun kaupunki",
            "kind": "municipality",
            "business_id": "0187690-1",
            "municipality_code": "564",
        },
    )
    assert partner["business_id"] == "0187690-1"
    event = await coordinator.create(
        "/v1/events",
        {
            "network_id": network["id"],
            "title": "LAPE-ohjausryhmä",
            "start": "2026-03-22T09:00:00",
            "rrule": "FREQ=WEEKLY;COUNT=3",
            "partner_ids": [partner["id"]],
        },
    )
    assert event["start"] == "2026-03-22T09:00:00+02:00"
    r = await coordinator.get(
        f"/v1/events/{event['id']}/occurrences", params={"from": "2026-03-01", "to": "2026-05-01"}
    )
    assert r.status_code == 200, r.text
    starts = [o["start"] for o in r.json()["data"]]
    assert starts == [
        "2026-03-22T09:00:00+02:00",
        "2026-03-29T09:00:00+03:00",
        "2026-04-05T09:00:00+03:00",
    ]
