"""Helpers of the indicator tests: bodies the way a coordinator sends them."""

from tests.support import Api


async def sotkanet_indicator(api: Api, network: dict, sotkanet_id: int = 1086, **extra) -> dict:
    body = {
        "network_id": network["id"],
        "name": "Lastensuojeluilmoitukset, % 0-17-vuotiaista",
        "unit": "%",
        "direction": "lower_is_better",
        "source": "sotkanet",
        "sotkanet_id": sotkanet_id,
        **extra,
    }
    return await api.create("/v1/indicators", body)


async def report_world(api: Api, network: dict) -> dict:
    """A plan with two goals; the first measure follows Sotkanet indicator 1086 with a target
    for Pyhäjärvi (626), the second indicator 4 for every region; a round with evaluations.
    The network's partners (tests/api/indicators/conftest.py `regions`) must exist."""
    plan = await api.create("/v1/plans", {
        "network_id": network["id"], "title": "Lasten ja nuorten hyvinvointisuunnitelma",
        "kind": "children_youth_welfare_plan",
    })  # fmt: skip
    goal = await api.create(f"/v1/plans/{plan['id']}/goals", {"title": "Varhainen tuki"})
    second = await api.create(
        f"/v1/plans/{plan['id']}/goals", {"title": "Mielenterveys vahvistuu", "position": 1}
    )
    early = await api.create(f"/v1/goals/{goal['id']}/measures", {
        "title": "Perhekeskuksen avoin kohtaamispaikka", "metric": "Lastensuojeluilmoitukset",
    })  # fmt: skip
    placements = await api.create(f"/v1/goals/{second['id']}/measures", {
        "title": "Matalan kynnyksen mielenterveyspalvelu", "metric": "Psykiatrinen sairaalahoito",
    })  # fmt: skip
    round_ = await api.create(
        f"/v1/plans/{plan['id']}/rounds",
        {"name": "Väliraportointi 2025", "due": "2025-05-08", "deadline": False},
    )
    for measure, status in ((early, "partly"), (placements, "yes")):
        await api.create(f"/v1/measures/{measure['id']}/evaluations",
                         {"round_id": round_["id"], "status": status})  # fmt: skip
    indicators = {}
    for sotkanet_id in (1086, 4):
        indicators[sotkanet_id] = await sotkanet_indicator(api, network, sotkanet_id=sotkanet_id)
        response = await api.post(f"/v1/indicators/{indicators[sotkanet_id]['id']}/refresh")
        assert response.json()["outcome"] == "imported", response.text
    await api.create(f"/v1/measures/{early['id']}/indicators", {
        "indicator_id": indicators[1086]["id"], "region_code": "626", "baseline_year": 2019,
        "baseline_value": 7.0, "target_year": 2028, "target_value": 5.5,
    })  # fmt: skip
    await api.create(f"/v1/measures/{placements['id']}/indicators", {
        "indicator_id": indicators[4]["id"], "target_year": 2028, "target_value": 1.2,
    })  # fmt: skip
    return {"plan": plan, "round": round_, "measures": [early, placements],
            "indicators": indicators}  # fmt: skip
