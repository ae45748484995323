"""Erasure reaches stored Idempotency-Key responses: a replay after erasure holds no name,
email or title of the erased person (issue 16, bug 3)."""

import json
import uuid

NAME, EMAIL, TITLE = "Liisa Lähteenmäki", "liisa.lahteenmaki@example.fi", "Perhetyön ohjaaja"


def text_of(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False).lower()


async def test_replays_after_erasure_hold_no_personal_data(admin, network):
    partner = await admin.create(
        "/v1/partners", {"network_id": network["id"], "name": "Oulun kaupunki", "kind": "other"}
    )
    body = {"partner_id": partner["id"], "name": NAME, "email": EMAIL, "title": TITLE}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    created = await admin.post("/v1/people", body, headers=key)
    assert created.status_code == 201, created.text
    person = created.json()
    group = await admin.create(
        "/v1/groups", {"network_id": network["id"], "name": "LAPE", "kind": "steering_group"}
    )
    member_key = {"Idempotency-Key": str(uuid.uuid4())}
    member_body = {"person_id": person["id"], "role": "chair"}
    membership = await admin.post(
        f"/v1/groups/{group['id']}/members", member_body, headers=member_key
    )
    assert membership.status_code == 201, membership.text
    # A stored response that names the person in free text (a preparation plan's task).
    template_key = {"Idempotency-Key": str(uuid.uuid4())}
    template_body = {
        "network_id": network["id"],
        "name": "Seminaarin valmistelu",
        "tasks": [{"title": f"Soita: {NAME}, {EMAIL}", "offset": "-P7D"}],
    }
    template = await admin.post("/v1/preparation-templates", template_body, headers=template_key)
    assert template.status_code == 201, template.text
    before = await admin.post("/v1/people", body, headers=key)
    assert before.headers.get("idempotent-replayed") == "true"
    assert NAME.lower() in text_of(before)

    erased = await admin.post(f"/v1/people/{person['id']}/erase")
    assert erased.status_code == 200, erased.text

    replay = await admin.post("/v1/people", body, headers=key)
    assert replay.status_code == 201, replay.text
    assert replay.headers.get("idempotent-replayed") == "true"
    replayed = replay.json()
    assert replayed["id"] == person["id"]
    assert replayed["name"] == erased.json()["person"]["name"]
    assert replayed["email"] is None and replayed["title"] is None
    for word in (NAME, EMAIL, TITLE):
        assert word.lower() not in replay.text.lower()
    again = await admin.post(f"/v1/groups/{group['id']}/members", member_body, headers=member_key)
    assert again.status_code == 201 and again.json() == membership.json()
    template_again = await admin.post(
        "/v1/preparation-templates", template_body, headers=template_key
    )
    assert template_again.headers.get("idempotent-replayed") == "true"
    assert template_again.json()["id"] == template.json()["id"]
    for word in (NAME, EMAIL):
        assert word.lower() not in template_again.text.lower()
