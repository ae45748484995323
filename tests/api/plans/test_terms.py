"""The council-term clock: a cycle template applied to a term puts its deadlines on the
wheel; applying it twice changes nothing."""

from tests.support import Api

ITEMS = [
    {"title": "Laaja hyvinvointikertomus ja -suunnitelma", "decision_body": "Kunnanvaltuusto",
     "term_year": 1, "month": 12, "day": 15,
     "milestones": [{"name": "Lautakuntakäsittely", "offset": "-P30D"}]},
    {"title": "Vuosittainen hyvinvointiraportti valtuustolle", "decision_body": "Kunnanvaltuusto",
     "every_year": True, "month": 5, "day": 15},
    {"title": "Toimenpiteet talousarvioon", "decision_body": "Kunnanvaltuusto",
     "every_year": True, "month": 11, "day": 30},
    {"title": "Lasten ja nuorten hyvinvointisuunnitelman uusiminen", "term_year": 4,
     "month": 3, "day": 1},
]  # fmt: skip


async def test_term_template_puts_deadlines_on_the_wheel_once(admin: Api, network: dict):
    n = network["id"]
    term = await admin.create(
        "/v1/terms", {"network_id": n, "name": "Valtuustokausi 2025-2029",
                      "start": "2025-06-01", "end": "2029-05-31"},
    )  # fmt: skip
    template = await admin.create(
        "/v1/cycle-templates", {"network_id": n, "name": "Valtuustokausikello", "items": ITEMS}
    )
    first = await admin.post(f"/v1/terms/{term['id']}/apply", {"template_id": template["id"]})
    assert first.status_code == 200, first.text
    applied = first.json()
    assert [i["title"] for i in applied["created"]] == [i["title"] for i in ITEMS]
    assert applied["existing"] == [] and applied["outside_term"] == []
    params = {"network_id": n, "from": "2025-06-01", "to": "2029-06-01", "limit": 500}
    wheel = (await admin.get("/v1/occurrences", params=params)).json()["data"]
    deadlines = sorted((e["start"], e["title"]) for e in wheel if e["kind"] == "deadline")
    assert deadlines == sorted(
        [("2025-12-15", ITEMS[0]["title"])]
        + [(f"{y}-05-15", ITEMS[1]["title"]) for y in (2026, 2027, 2028, 2029)]
        + [(f"{y}-11-30", ITEMS[2]["title"]) for y in (2025, 2026, 2027, 2028)]
        + [("2029-03-01", ITEMS[3]["title"])]
    )
    milestones = [(e["start"], e["name"]) for e in wheel if e["kind"] == "milestone"]
    assert milestones == [("2025-11-15", "Lautakuntakäsittely")]
    second = (
        await admin.post(f"/v1/terms/{term['id']}/apply", {"template_id": template["id"]})
    ).json()
    assert second["created"] == []
    assert [i["deadline_id"] for i in second["existing"]] == [
        i["deadline_id"] for i in applied["created"]
    ]
    again = (await admin.get("/v1/occurrences", params=params)).json()["data"]
    assert again == wheel


async def test_short_term_reports_items_outside_it(admin: Api, network: dict):
    n = network["id"]
    term = await admin.create(
        "/v1/terms", {"network_id": n, "name": "Valtuustokausi 2021-2025",
                      "start": "2021-08-01", "end": "2025-05-31"},
    )  # fmt: skip
    template = await admin.create(
        "/v1/cycle-templates",
        {
            "network_id": n,
            "name": "Kello",
            "items": [{"title": "Loppuraportti", "term_year": 4, "month": 6, "day": 30}],
        },
    )
    applied = (
        await admin.post(f"/v1/terms/{term['id']}/apply", {"template_id": template["id"]})
    ).json()
    assert applied["created"] == [] and applied["outside_term"] == ["Loppuraportti"]


async def test_template_items_are_checked(admin: Api, network: dict):
    base = {"network_id": network["id"], "name": "Kello"}
    for item in (
        {"title": "A", "month": 2, "day": 29, "every_year": True},
        {"title": "A", "month": 5, "day": 1},
        {"title": "A", "month": 5, "day": 1, "every_year": True, "term_year": 2},
    ):
        response = await admin.post("/v1/cycle-templates", {**base, "items": [item]})
        assert response.status_code == 422, response.text
    bad_term = await admin.post(
        "/v1/terms",
        {"network_id": network["id"], "name": "X", "start": "2025-06-01", "end": "2025-01-01"},
    )
    assert bad_term.status_code == 422


async def test_terms_of_another_network_are_invisible(admin: Api, anon: Api, network: dict):
    n = network["id"]
    term = await admin.create(
        "/v1/terms", {"network_id": n, "name": "K", "start": "2025-06-01", "end": "2029-05-31"}
    )
    template = await admin.create(
        "/v1/cycle-templates", {"network_id": n, "name": "Kello", "items": ITEMS[:1]}
    )
    other_network = await admin.create("/v1/networks", {"name": "Muu"})
    other = await admin.client_for(anon, "coordinator", [other_network["id"]])
    own_term = await other.create(
        "/v1/terms",
        {
            "network_id": other_network["id"],
            "name": "K",
            "start": "2025-06-01",
            "end": "2029-05-31",
        },
    )
    for method, url, body in [
        ("GET", f"/v1/terms/{term['id']}", None),
        ("PATCH", f"/v1/terms/{term['id']}", {"name": "X"}),
        ("DELETE", f"/v1/terms/{term['id']}", None),
        ("POST", f"/v1/terms/{term['id']}/apply", {"template_id": template["id"]}),
        ("GET", f"/v1/cycle-templates/{template['id']}", None),
        ("PATCH", f"/v1/cycle-templates/{template['id']}", {"name": "X"}),
        ("DELETE", f"/v1/cycle-templates/{template['id']}", None),
    ]:
        response = await other.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
    # A body reference to another network's template: 422 on that field, as elsewhere.
    response = await other.post(
        f"/v1/terms/{own_term['id']}/apply", {"template_id": template["id"]}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "template_id"
    assert (await other.get("/v1/terms", params={"network_id": n})).json()["data"] == []
    assert (await other.get("/v1/cycle-templates", params={"network_id": n})).json()["data"] == []
