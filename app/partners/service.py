"""Partners: the organisations of a network."""

import uuid
from collections.abc import Sequence

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core.crud import search
from app.core.errors import Conflict, ValidationFailed
from app.core.pagination import page
from app.core.repository import Repository
from app.networks import service as networks
from app.notifications.announcer import Announcer
from app.partners.models import Partner, PartnerKind
from app.partners.schemas import PartnerCreate, PartnerPublic, PartnerQuery, PartnerUpdate
from app.people.models import Person

_announce = Announcer[Partner]("partner", "partners", PartnerPublic.model_validate)


repository = Repository(Partner, Partner.network_id, "Partner")
get, get_writable = repository.get, repository.get_writable


async def get_all(
    session: AsyncSession, principal: Principal, query: PartnerQuery
) -> tuple[list[Partner], str | None]:
    statement = repository.readable_statement(principal, query.network_id)
    if query.kind:
        statement = statement.where(Partner.kind == query.kind)
    if query.municipality_code:
        statement = statement.where(Partner.municipality_code == query.municipality_code)
    statement = search(statement, query.q, Partner.name, Partner.business_id)
    return await page(session, statement, Partner.id, query)


async def _ensure_unique_business_id(
    session: AsyncSession, network_id: uuid.UUID, business_id: str | None, own_id: uuid.UUID | None
) -> None:
    if business_id is None:
        return
    statement = select(Partner.id).where(
        Partner.network_id == network_id, Partner.business_id == business_id
    )
    existing = (await session.exec(statement)).first()
    if existing is not None and existing != own_id:
        raise Conflict(f"Partner {existing} of this network already has business id {business_id}")


def _ensure_codes_fit_kind(
    kind: PartnerKind, municipality_code: str | None, wellbeing_county_code: str | None
) -> None:
    """A wellbeing county is followed by its HYVINVOINTIALUE code, a municipality (and an
    organisation of one) by its three-digit municipality code: never the other way round."""
    if wellbeing_county_code is not None and kind != PartnerKind.wellbeing_county:
        raise ValidationFailed.field(
            "wellbeing_county_code",
            f"only a partner of kind wellbeing_county has a wellbeing county code (this one is "
            f"{kind.value}); a municipality carries its municipality_code",
        )
    if municipality_code is not None and kind == PartnerKind.wellbeing_county:
        raise ValidationFailed.field(
            "municipality_code",
            "a wellbeing county has no municipality code: set wellbeing_county_code, its "
            "Sotkanet HYVINVOINTIALUE code (for example 19, Pohjois-Pohjanmaan hyvinvointialue)",
        )


async def create(session: AsyncSession, principal: Principal, data: PartnerCreate) -> Partner:
    await networks.writable(session, principal, data.network_id)
    _ensure_codes_fit_kind(data.kind, data.municipality_code, data.wellbeing_county_code)
    await _ensure_unique_business_id(session, data.network_id, data.business_id, None)
    partner = Partner(**data.model_dump())
    return await _announce.add(session, partner)


async def create_many(
    session: AsyncSession, principal: Principal, items: Sequence[PartnerCreate]
) -> Sequence[Partner]:
    """`create` for many partners (a bulk load): one insert, each announced and audited."""
    for network_id in {data.network_id for data in items}:
        await networks.writable(session, principal, network_id)
    business_ids: set[tuple[uuid.UUID, str]] = set()
    for data in items:
        if data.business_id is None:
            continue
        if (data.network_id, data.business_id) in business_ids:
            raise Conflict(f"Two partners of this network have business id {data.business_id}")
        business_ids.add((data.network_id, data.business_id))
        await _ensure_unique_business_id(session, data.network_id, data.business_id, None)
    return await _announce.add_many(session, [Partner(**data.model_dump()) for data in items])


async def update(
    session: AsyncSession, principal: Principal, partner: Partner, data: PartnerUpdate
) -> list[str]:
    changes = data.model_dump(exclude_unset=True)
    if {"kind", "municipality_code", "wellbeing_county_code"} & changes.keys():
        # A null kind is refused when it is applied; until then the partner keeps its own.
        _ensure_codes_fit_kind(
            PartnerKind(changes.get("kind") or partner.kind),
            changes.get("municipality_code", partner.municipality_code),
            changes.get("wellbeing_county_code", partner.wellbeing_county_code),
        )
    if changes.get("business_id"):
        await _ensure_unique_business_id(
            session, partner.network_id, changes["business_id"], partner.id
        )
    return await _announce.change(session, partner, changes)


async def delete(session: AsyncSession, principal: Principal, partner: Partner) -> None:
    await _announce.remove_unreferenced(
        session, partner, Person.partner_id,
        "The partner still has {count} people; move or delete them first",
    )  # fmt: skip
