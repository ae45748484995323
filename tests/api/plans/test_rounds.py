"""Follow-up rounds on the wheel: the decision deadline with milestones, one evaluation task
per measure when a round opens, completed by the evaluation; local times across DST."""

from datetime import UTC, datetime

from app.core import clock
from tests.support import Api


async def _setup(api: Api, network: dict) -> dict:
    n = network["id"]
    peso = await api.create(
        "/v1/partners", {"network_id": n, "name": "Peso", "kind": "wellbeing_county"}
    )
    tesa = await api.create(
        "/v1/partners", {"network_id": n, "name": "Tesa", "kind": "wellbeing_county"}
    )
    haatanen = await api.create("/v1/people", {"partner_id": peso["id"], "name": "Maarit Haatanen"})
    await api.create("/v1/people", {"partner_id": peso["id"], "name": "Toinen henkilö"})
    group = await api.create(
        "/v1/groups", {"network_id": n, "name": "Lanupe-työryhmä", "kind": "working_group"}
    )
    member = await api.create("/v1/people", {"partner_id": tesa["id"], "name": "Sonja Hartikainen"})
    chair = await api.create("/v1/people", {"partner_id": tesa["id"], "name": "Puheenjohtaja"})
    await api.create(
        f"/v1/groups/{group['id']}/members", {"person_id": member["id"], "role": "member"}
    )
    await api.create(
        f"/v1/groups/{group['id']}/members", {"person_id": chair["id"], "role": "chair"}
    )
    plan = await api.create(
        "/v1/plans",
        {
            "network_id": n,
            "title": "Lasten ja nuorten hyvinvointisuunnitelma",
            "kind": "children_youth_welfare_plan",
        },
    )
    goal = await api.create(
        f"/v1/plans/{plan['id']}/goals", {"title": "Yhteensovittava johtaminen"}
    )
    m1 = await api.create(
        f"/v1/goals/{goal['id']}/measures",
        {
            "title": "Suunnitelmat yhteensovitetaan",
            "responsible_partner_ids": [peso["id"], tesa["id"]],
            "position": 0,
        },
    )
    m2 = await api.create(
        f"/v1/goals/{goal['id']}/measures",
        {
            "title": "Tavoitteita arvioidaan yhteisesti",
            "responsible_group_ids": [group["id"]],
            "position": 1,
        },
    )
    return {"plan": plan, "m1": m1, "m2": m2, "haatanen": haatanen, "chair": chair}


async def test_opening_a_round_makes_one_task_per_measure_and_evaluations_close_them(
    admin: Api, network: dict
):
    w = await _setup(admin, network)
    with clock.freeze(datetime(2027, 1, 10, 8, 0, tzinfo=UTC)):
        round_ = await admin.create(
            f"/v1/plans/{w['plan']['id']}/rounds",
            {"name": "Väliraportointi 2027", "due": "2027-04-15T13:00:00",
             "decision_body": "Hyvinvointilautakunta"},
        )  # fmt: skip
        assert round_["state"] == "planned" and round_["deadline_id"]
        opened = await admin.post(f"/v1/rounds/{round_['id']}/open")
        assert opened.status_code == 200, opened.text
        body = opened.json()
        assert body["state"] == "open"
        tasks = {t["measure_id"]: t for t in body["tasks"]}
        assert set(tasks) == {w["m1"]["id"], w["m2"]["id"]}
        # The first responsible party's first person; a group's chair.
        assert tasks[w["m1"]["id"]]["assignee_id"] == w["haatanen"]["id"]
        assert tasks[w["m2"]["id"]]["assignee_id"] == w["chair"]["id"]
        assert tasks[w["m1"]["id"]]["due"] == "2027-03-16T13:00:00+02:00"
        listed = (await admin.get("/v1/tasks", params={"network_id": network["id"]})).json()["data"]
        assert sorted(t["id"] for t in listed) == sorted(t["task_id"] for t in tasks.values())
        reminders = (await admin.get("/v1/reminders", params={"network_id": network["id"]})).json()[
            "data"
        ]
        task_reminders = [r for r in reminders if r["source_type"] == "task"]
        assert len(task_reminders) == 4  # -P7D and -P1D for each task
        first_task = tasks[w["m1"]["id"]]["task_id"]
        due = {r["due_at"] for r in task_reminders if r["source_id"] == first_task}
        assert due == {"2027-03-09T13:00:00+02:00", "2027-03-15T13:00:00+02:00"}
        again = await admin.post(f"/v1/rounds/{round_['id']}/open")
        assert again.status_code == 409
        evaluation = await admin.create(
            f"/v1/measures/{w['m1']['id']}/evaluations",
            {"round_id": round_["id"], "status": "partly", "evaluated_by": w["haatanen"]["id"]},
        )
        assert evaluation["status"] == "partly"
        done = (await admin.get(f"/v1/tasks/{tasks[w['m1']['id']]['task_id']}")).json()
        assert done["status"] == "done"
        still = (await admin.get(f"/v1/tasks/{tasks[w['m2']['id']]['task_id']}")).json()
        assert still["status"] == "todo"
    with clock.freeze(datetime(2027, 3, 20, 8, 0, tzinfo=UTC)):
        status = (await admin.get(f"/v1/rounds/{round_['id']}")).json()
        assert status["evaluated"] == 1 and status["missing"] == [w["m2"]["id"]]
        assert [o["measure_id"] for o in status["overdue"]] == [w["m2"]["id"]]
        assert status["overdue"][0]["assignee_id"] == w["chair"]["id"]


async def _wheel(api: Api, network: dict, start: str, end: str) -> list[dict]:
    params = {"network_id": network["id"], "from": start, "to": end, "limit": 500}
    return (await api.get("/v1/occurrences", params=params)).json()["data"]


async def test_round_deadline_and_milestones_keep_local_times_across_spring_dst(
    admin: Api, network: dict
):
    w = await _setup(admin, network)
    with clock.freeze(datetime(2027, 1, 10, 8, 0, tzinfo=UTC)):
        round_ = await admin.create(
            f"/v1/plans/{w['plan']['id']}/rounds",
            {"name": "Arviointi 2027", "due": "2027-03-30T10:00:00", "decision_body": "Lautakunta"},
        )
        entries = await _wheel(admin, network, "2027-02-01", "2027-04-01")
        mine = [e for e in entries if e.get("deadline_id") == round_["deadline_id"]]
        by_kind = {(e["kind"], e.get("name")): e["start"] for e in mine}
        assert by_kind[("deadline", None)] == "2027-03-30T10:00:00+03:00"
        assert (
            by_kind[("milestone", "Vastuutahot toimittavat arvioinnit")]
            == "2027-02-28T10:00:00+02:00"
        )
        assert (
            by_kind[("milestone", "Koordinaattori kokoaa raportin")] == "2027-03-16T10:00:00+02:00"
        )
        opened = (await admin.post(f"/v1/rounds/{round_['id']}/open")).json()
        assert {t["due"] for t in opened["tasks"]} == {"2027-02-28T10:00:00+02:00"}


async def test_round_in_the_autumn_dst_week_keeps_local_times(admin: Api, network: dict):
    w = await _setup(admin, network)
    with clock.freeze(datetime(2027, 6, 1, 8, 0, tzinfo=UTC)):
        round_ = await admin.create(
            f"/v1/plans/{w['plan']['id']}/rounds",
            {"name": "Arviointi syksy 2027", "due": "2027-11-01T09:00:00"},
        )
        assert round_["due"] == "2027-11-01T09:00:00+02:00"
        entries = await _wheel(admin, network, "2027-09-01", "2027-11-05")
        mine = {
            e.get("name"): e["start"]
            for e in entries
            if e.get("deadline_id") == round_["deadline_id"]
        }
        assert mine["Koordinaattori kokoaa raportin"] == "2027-10-18T09:00:00+03:00"
        assert mine[None] == "2027-11-01T09:00:00+02:00"


async def test_a_plan_without_measures_cannot_open_a_round(admin: Api, network: dict):
    plan = await admin.create(
        "/v1/plans", {"network_id": network["id"], "title": "Tyhjä", "kind": "other"}
    )
    round_ = await admin.create(
        f"/v1/plans/{plan['id']}/rounds", {"name": "Kierros", "due": "2027-05-01"}
    )
    response = await admin.post(f"/v1/rounds/{round_['id']}/open")
    assert response.status_code == 409 and "measures" in response.json()["detail"]
