"""Groups and memberships through HTTP: terms, filters, dates, deletion rules."""

import uuid

import pytest

from tests.support.problems import assert_problem


@pytest.mark.parametrize(
    ("term_start", "term_end", "ok"),
    [
        ("2025-06-01", "2029-05-31", True),
        ("2025-06-01", "2025-06-01", True),
        (None, "2029-05-31", True),
        ("2025-06-01", "2025-05-31", False),
    ],
)
async def test_group_term_end_not_before_start(coordinator, network, term_start, term_end, ok):
    body = {
        "network_id": network["id"],
        "name": "Hyvinvointiryhmä",
        "kind": "working_group",
        "term_start": term_start,
        "term_end": term_end,
    }
    r = await coordinator.post("/v1/groups", body)
    if ok:
        assert r.status_code == 201 and r.json()["term_end"] == term_end
    else:
        assert "term_start" in assert_problem(r, 422, "term_end")["detail"]
        listed = await coordinator.get("/v1/groups", params={"network_id": network["id"]})
        assert listed.json()["data"] == []


async def test_group_term_checked_against_stored_values_on_patch(coordinator, group):
    url = f"/v1/groups/{group['id']}"
    r = await coordinator.patch(url, {"term_start": "2025-06-01", "term_end": "2029-05-31"})
    assert r.status_code == 200
    assert_problem(await coordinator.patch(url, {"term_end": "2025-01-01"}), 422, "term_end")
    assert_problem(await coordinator.patch(url, {"term_start": "2030-01-01"}), 422, "term_end")
    assert (await coordinator.get(url)).json() == r.json()
    r2 = await coordinator.patch(url, {"term_start": None})
    assert r2.status_code == 200 and r2.json()["term_start"] is None


async def test_group_filters(coordinator, network, partner):
    n = network["id"]
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    lape = await coordinator.create(
        "/v1/groups", {"network_id": n, "name": "LAPE-ohjausryhmä", "kind": "steering_group"}
    )
    await coordinator.create(
        "/v1/groups", {"network_id": n, "name": "Hyvinvointityöryhmä", "kind": "working_group"}
    )
    await coordinator.create(f"/v1/groups/{lape['id']}/members", {"person_id": person["id"]})

    async def names(**params) -> list[str]:
        r = await coordinator.get("/v1/groups", params={"network_id": n, **params})
        return sorted(g["name"] for g in r.json()["data"])

    assert await names() == ["Hyvinvointityöryhmä", "LAPE-ohjausryhmä"]
    assert await names(kind="working_group") == ["Hyvinvointityöryhmä"]
    assert await names(q="lape") == ["LAPE-ohjausryhmä"]
    assert await names(person_id=person["id"]) == ["LAPE-ohjausryhmä"]
    assert await names(person_id=str(uuid.uuid4())) == []


async def test_membership_dates_and_active_on(coordinator, partner, group):
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    url = f"/v1/groups/{group['id']}/members"
    periods = {
        "2025": ("chair", "2025-01-01", "2025-12-31"),
        "from-2026": ("member", "2026-01-01", None),
        "always": ("secretary", None, None),
        "from-june": ("deputy", "2026-06-01", None),
    }
    ids = {}
    for name, (role, start, end) in periods.items():
        m = await coordinator.create(
            url, {"person_id": person["id"], "role": role, "start": start, "end": end}
        )
        assert (m["group_id"], m["person_id"], m["role"], m["start"], m["end"]) == (
            group["id"], person["id"], role, start, end,
        )  # fmt: skip
        ids[m["id"]] = name

    async def active(**params) -> list[str]:
        r = await coordinator.get(url, params=params)
        assert r.status_code == 200, r.text
        return sorted(ids[m["id"]] for m in r.json()["data"])

    assert await active() == sorted(periods)
    assert await active(active_on="2025-06-01") == ["2025", "always"]
    assert await active(active_on="2025-12-31") == ["2025", "always"]  # the end day counts
    assert await active(active_on="2026-01-01") == ["always", "from-2026"]
    assert await active(active_on="2026-07-01") == ["always", "from-2026", "from-june"]
    assert await active(role="chair") == ["2025"]
    assert await active(role="chair", active_on="2026-07-01") == []

    r = await coordinator.post(
        url, {"person_id": person["id"], "start": "2026-02-01", "end": "2026-01-31"}
    )
    assert "start" in assert_problem(r, 422, "end")["detail"]
    member = next(k for k, v in ids.items() if v == "from-2026")
    r = await coordinator.patch(f"{url}/{member}", {"end": "2025-12-31"})
    assert_problem(r, 422, "end")
    r = await coordinator.patch(f"{url}/{member}", {"person_id": str(uuid.uuid4())})
    assert_problem(r, 422, "person_id")  # a membership never changes person
    assert await active() == sorted(periods)
    assert (await coordinator.get(f"{url}/{member}")).json()["end"] is None


async def test_membership_refuses_unknown_person_and_bad_role(coordinator, partner, group):
    url = f"/v1/groups/{group['id']}/members"
    assert_problem(await coordinator.post(url, {"person_id": str(uuid.uuid4())}), 422, "person_id")
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    assert_problem(
        await coordinator.post(url, {"person_id": person["id"], "role": "boss"}), 422, "role"
    )
    assert (await coordinator.get(url)).json()["data"] == []


async def test_person_with_memberships_is_not_deleted(coordinator, partner, group):
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    url = f"/v1/groups/{group['id']}/members"
    membership = await coordinator.create(url, {"person_id": person["id"]})
    assert_problem(await coordinator.delete(f"/v1/people/{person['id']}"), 409)
    assert (await coordinator.get(f"/v1/people/{person['id']}")).status_code == 200
    assert (await coordinator.delete(f"{url}/{membership['id']}")).status_code == 204
    assert (await coordinator.delete(f"/v1/people/{person['id']}")).status_code == 204
    assert_problem(await coordinator.get(f"/v1/people/{person['id']}"), 404)


async def test_deleting_a_group_removes_its_memberships(coordinator, partner, group):
    person = await coordinator.create("/v1/people", {"partner_id": partner["id"], "name": "Aino"})
    await coordinator.create(f"/v1/groups/{group['id']}/members", {"person_id": person["id"]})
    assert (await coordinator.delete(f"/v1/groups/{group['id']}")).status_code == 204
    assert_problem(await coordinator.get(f"/v1/groups/{group['id']}/members"), 404)
    # The person is free again: no membership of the deleted group holds it.
    assert (await coordinator.delete(f"/v1/people/{person['id']}")).status_code == 204
