"""Two writers that both passed the If-Match check: exactly one wins, the other gets 412."""

import asyncio
import uuid

from app.auth.models import Role
from app.auth.principal import Principal
from app.core.db.session import get_database
from app.partners import service
from app.partners.schemas import PartnerUpdate


async def test_concurrent_updates_of_one_version_lose_nothing(coordinator, network):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Alku", "kind": "ngo"}
    )
    admin = Principal(client_id=uuid.uuid4(), role=Role.admin, network_ids=frozenset())
    maker = get_database().sessionmaker
    async with maker() as first, maker() as second:
        # Both read version 1 (and so would both pass If-Match: "1").
        one = await service.get(first, admin, uuid.UUID(partner["id"]))
        two = await service.get(second, admin, uuid.UUID(partner["id"]))
        await first.commit()
        await second.commit()
        await service.update(first, admin, one, PartnerUpdate(name="Ensimmäinen"))
        await first.commit()
        try:
            await service.update(second, admin, two, PartnerUpdate(name="Toinen"))
            await second.commit()
            lost = False
        except Exception as exc:  # StaleDataError, rendered as 412 by the API
            assert type(exc).__name__ == "StaleDataError"
            await second.rollback()
            lost = True
    assert lost
    final = (await coordinator.get(f"/v1/partners/{partner['id']}")).json()
    assert final["name"] == "Ensimmäinen"
    await asyncio.sleep(0)


async def test_racing_patches_through_http_never_both_succeed(coordinator, network):
    partner = await coordinator.create(
        "/v1/partners", {"network_id": network["id"], "name": "Kisa", "kind": "ngo"}
    )
    url = f"/v1/partners/{partner['id']}"
    responses = await asyncio.gather(
        *(
            coordinator.patch(url, {"name": f"Kisaaja {i}"}, headers={"If-Match": '"1"'})
            for i in range(5)
        )
    )
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1, codes
    assert set(codes) == {200, 412}
    final = (await coordinator.get(url)).json()
    winner = next(r for r in responses if r.status_code == 200).json()
    assert final["name"] == winner["name"]
