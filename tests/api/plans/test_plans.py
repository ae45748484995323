"""Plans, the goal tree, measures and evaluations through HTTP: roll-up, one evaluation per
measure and round, ETags, and network isolation for every path."""

from tests.support import Api

PROBLEM = "application/problem+json"


async def _plan(api: Api, network: dict, **extra) -> dict:
    body = {
        "network_id": network["id"],
        "title": "Lasten ja nuorten hyvinvointisuunnitelma",
        "kind": "children_youth_welfare_plan",
        "period_start": "2023-01-01",
        "period_end": "2025-12-31",
        "approving_body": "Aluevaltuusto",
        **extra,
    }
    return await api.create("/v1/plans", body)


async def _world(api: Api, network: dict) -> dict:
    """Seed 003's first goal: three measures, one sub-goal; a round without a deadline."""
    peso = await api.create(
        "/v1/partners", {"network_id": network["id"], "name": "Peso", "kind": "wellbeing_county"}
    )
    plan = await _plan(api, network, party_ids=[peso["id"]])
    goal = await api.create(
        f"/v1/plans/{plan['id']}/goals", {"title": "Yhteensovittava johtaminen", "weight": 1}
    )
    sub = await api.create(
        f"/v1/plans/{plan['id']}/goals",
        {"title": "Päätöksenteko perustuu lapsivaikutusten arviointiin", "parent_id": goal["id"]},
    )
    measures = [
        await api.create(
            f"/v1/goals/{goal['id']}/measures",
            {"title": title, "responsible_partner_ids": [peso["id"]], "position": i},
        )
        for i, title in enumerate(
            [
                "Suunnitelmat ja niiden tavoitteet ovat yhteensovitettuja",
                "Tavoitteiden saavuttamista arvioidaan yhteisesti",
            ]
        )
    ]
    measures.append(
        await api.create(
            f"/v1/goals/{sub['id']}/measures",
            {"title": "Osallisuustyötä kehitetään aktiivisesti", "weight": 2},
        )
    )
    round_ = await api.create(
        f"/v1/plans/{plan['id']}/rounds",
        {"name": "Väliraportointi 2025", "due": "2025-05-08", "deadline": False},
    )
    return {
        "plan": plan,
        "goal": goal,
        "sub": sub,
        "measures": measures,
        "round": round_,
        "peso": peso,
    }


async def _evaluate(api: Api, measure: dict, round_: dict, status: str) -> dict:
    return await api.create(
        f"/v1/measures/{measure['id']}/evaluations",
        {"round_id": round_["id"], "status": status, "narrative": "Kommentti"},
    )


async def test_rollup_is_weighted_yes_one_partly_half(admin: Api, network: dict):
    w = await _world(admin, network)
    m = w["measures"]
    await _evaluate(admin, m[0], w["round"], "yes")
    await _evaluate(admin, m[1], w["round"], "partly")
    await _evaluate(admin, m[2], w["round"], "no")
    tree = (await admin.get(f"/v1/plans/{w['plan']['id']}/goals")).json()
    assert tree["round_id"] == w["round"]["id"]
    (goal,) = tree["goals"]
    # The goal's children: measures yes (1), partly (0.5) and the sub-goal (share 0), all weight 1.
    assert goal["rollup"] == {
        "yes": 1,
        "partly": 1,
        "no": 1,
        "not_evaluated": 0,
        "share_realised": 0.5,
    }
    assert [x["title"] for x in goal["measures"]] == [m[0]["title"], m[1]["title"]]
    assert goal["measures"][1]["evaluation"]["status"] == "partly"
    (sub,) = goal["goals"]
    assert sub["rollup"]["share_realised"] == 0.0 and sub["measures"][0]["weight"] == 2
    assert tree["rollup"]["share_realised"] == 0.5
    plan = (await admin.get(f"/v1/plans/{w['plan']['id']}")).json()
    assert plan["rollup"] == tree["rollup"]
    status = (await admin.get(f"/v1/rounds/{w['round']['id']}")).json()
    assert (
        status["rollup"] == tree["rollup"] and status["evaluated"] == 3 and status["missing"] == []
    )
    # Changing one evaluation moves every roll-up; nothing is stored by hand.
    evaluation = goal["measures"][1]["evaluation"]
    changed = await admin.patch(f"/v1/evaluations/{evaluation['id']}", {"status": "yes"})
    assert changed.status_code == 200, changed.text
    tree = (await admin.get(f"/v1/plans/{w['plan']['id']}/goals")).json()
    assert tree["goals"][0]["rollup"]["share_realised"] == round(2 / 3, 4)


async def test_missing_evaluations_count_as_not_evaluated(admin: Api, network: dict):
    w = await _world(admin, network)
    await _evaluate(admin, w["measures"][0], w["round"], "yes")
    status = (await admin.get(f"/v1/rounds/{w['round']['id']}")).json()
    assert status["rollup"]["not_evaluated"] == 2 and status["evaluated"] == 1
    assert sorted(status["missing"]) == sorted(m["id"] for m in w["measures"][1:])
    assert status["state"] == "planned"


async def test_second_evaluation_in_a_round_is_409_naming_the_first(admin: Api, network: dict):
    w = await _world(admin, network)
    first = await _evaluate(admin, w["measures"][0], w["round"], "yes")
    again = await admin.post(
        f"/v1/measures/{w['measures'][0]['id']}/evaluations",
        {"round_id": w["round"]["id"], "status": "no"},
    )
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    body = again.json()
    assert body["existing_id"] == first["id"] and first["id"] in body["detail"]
    assert body["existing"] == f"/v1/evaluations/{first['id']}"
    listed = (await admin.get(f"/v1/measures/{w['measures'][0]['id']}/evaluations")).json()
    assert [e["id"] for e in listed["data"]] == [first["id"]]


async def test_round_of_another_plan_is_refused(admin: Api, network: dict):
    w = await _world(admin, network)
    other = await _plan(admin, network)
    foreign = await admin.create(
        f"/v1/plans/{other['id']}/rounds",
        {"name": "Arviointi", "due": "2026-05-01", "deadline": False},
    )
    response = await admin.post(
        f"/v1/measures/{w['measures'][0]['id']}/evaluations",
        {"round_id": foreign["id"], "status": "yes"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "round_id"


async def test_patch_needs_the_current_etag(admin: Api, network: dict):
    plan = await _plan(admin, network)
    read = await admin.get(f"/v1/plans/{plan['id']}")
    etag = read.headers["ETag"]
    ok = await admin.patch(
        f"/v1/plans/{plan['id']}", {"status": "approved"}, headers={"If-Match": etag}
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    stale = await admin.patch(
        f"/v1/plans/{plan['id']}", {"status": "closed"}, headers={"If-Match": etag}
    )
    assert stale.status_code == 412


async def test_bad_references_name_the_field(admin: Api, network: dict, coordinator: Api):
    plan = await _plan(coordinator, network)
    goal = await coordinator.create(f"/v1/plans/{plan['id']}/goals", {"title": "Tavoite"})
    other = await admin.create("/v1/networks", {"name": "Muu verkosto"})
    stranger = await admin.create(
        "/v1/partners", {"network_id": other["id"], "name": "Tesa", "kind": "wellbeing_county"}
    )
    response = await coordinator.post(
        f"/v1/goals/{goal['id']}/measures",
        {"title": "Toimenpide", "responsible_partner_ids": [stranger["id"]]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "responsible_partner_ids[0]"
    assert stranger["id"] in response.text  # only the id the caller sent
    bad_period = await coordinator.post(
        "/v1/plans",
        {"network_id": network["id"], "title": "P", "kind": "other",
         "period_start": "2026-01-01", "period_end": "2025-01-01"},
    )  # fmt: skip
    assert bad_period.status_code == 422


async def test_another_networks_plan_is_invisible_on_every_path(
    admin: Api, anon: Api, network: dict
):
    w = await _world(admin, network)
    evaluation = await _evaluate(admin, w["measures"][0], w["round"], "yes")
    other_network = await admin.create("/v1/networks", {"name": "Toinen verkosto"})
    other = await admin.client_for(anon, "coordinator", [other_network["id"]])
    plan, goal, measure, round_ = (
        w["plan"]["id"],
        w["goal"]["id"],
        w["measures"][0]["id"],
        w["round"]["id"],
    )
    calls = [
        ("GET", f"/v1/plans/{plan}", None),
        ("PATCH", f"/v1/plans/{plan}", {"title": "X"}),
        ("DELETE", f"/v1/plans/{plan}", None),
        ("GET", f"/v1/plans/{plan}/goals", None),
        ("POST", f"/v1/plans/{plan}/goals", {"title": "X"}),
        ("GET", f"/v1/plans/{plan}/rounds", None),
        ("POST", f"/v1/plans/{plan}/rounds", {"name": "X", "due": "2027-01-01"}),
        ("GET", f"/v1/goals/{goal}", None),
        ("PATCH", f"/v1/goals/{goal}", {"title": "X"}),
        ("DELETE", f"/v1/goals/{goal}", None),
        ("GET", f"/v1/goals/{goal}/measures", None),
        ("POST", f"/v1/goals/{goal}/measures", {"title": "X"}),
        ("GET", f"/v1/measures/{measure}", None),
        ("PATCH", f"/v1/measures/{measure}", {"title": "X"}),
        ("DELETE", f"/v1/measures/{measure}", None),
        ("GET", f"/v1/measures/{measure}/evaluations", None),
        ("POST", f"/v1/measures/{measure}/evaluations", {"round_id": round_, "status": "no"}),
        ("GET", f"/v1/rounds/{round_}", None),
        ("PATCH", f"/v1/rounds/{round_}", {"name": "X"}),
        ("DELETE", f"/v1/rounds/{round_}", None),
        ("POST", f"/v1/rounds/{round_}/open", None),
        ("GET", f"/v1/evaluations/{evaluation['id']}", None),
        ("PATCH", f"/v1/evaluations/{evaluation['id']}", {"status": "no"}),
        ("DELETE", f"/v1/evaluations/{evaluation['id']}", None),
    ]
    for method, url, body in calls:
        response = await other.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.status_code, response.text)
        assert response.headers["content-type"] == PROBLEM
    listed = (await other.get("/v1/plans", params={"network_id": network["id"]})).json()
    assert listed["data"] == []
    # Nothing changed for the owner.
    assert (await admin.get(f"/v1/plans/{plan}")).json()["title"] == w["plan"]["title"]


async def test_plans_list_pages_with_a_cursor(admin: Api, network: dict):
    made = {(await _plan(admin, network, title=f"Suunnitelma {i}"))["id"] for i in range(3)}
    seen, cursor = [], None
    while True:
        params = {"network_id": network["id"], "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await admin.get("/v1/plans", params=params)).json()
        seen += [p["id"] for p in page["data"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert set(seen) == made and len(seen) == 3


async def test_changes_are_announced(admin: Api, network: dict):
    w = await _world(admin, network)
    await _evaluate(admin, w["measures"][0], w["round"], "partly")
    feed = (
        await admin.get("/v1/notifications", params={"network_id": network["id"], "limit": 500})
    ).json()
    types = {n["type"] for n in feed["data"]}
    for expected in (
        "plan.created",
        "goal.created",
        "measure.created",
        "round.created",
        "evaluation.created",
    ):
        assert f"fi.vuosikello.{expected}" in types
    audit = (
        await admin.get("/v1/audit-log", params={"network_id": network["id"], "limit": 500})
    ).json()
    assert any(e.get("subject", "").startswith("/v1/evaluations/") for e in audit["data"]), audit[
        "data"
    ][:2]
