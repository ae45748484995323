"""The wheel: which year, whose items, its colours, and embeddable pages (the only writer of
colours and embeds; it announces, and so audits, every change)."""

import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel import delete as sql_delete
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.models import Role
from app.auth.principal import Principal
from app.core import clock
from app.core.config import get_settings
from app.core.crud import get_or_404, referenced
from app.core.errors import ValidationFailed
from app.core.pagination import paginate
from app.core.repository import Repository
from app.core.tokens import by_token, hash_token, new_token
from app.feeds.service import check_scope
from app.groups.models import Group, Membership
from app.kernel.timefields import MAX_YEAR, MIN_YEAR
from app.kernel.wheel.model import Wheel
from app.networks import service as networks
from app.networks.models import Network
from app.notifications.service import announce
from app.partners.models import Partner
from app.wheel import cache
from app.wheel.items import collect
from app.wheel.models import CategoryColor, WheelEmbed
from app.wheel.schemas import (
    CategoryColors,
    CategoryColorsPublic,
    EmbedCreate,
    EmbedPublic,
    WheelOptions,
)

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")


def first_month(year: int | None, from_: str | None, start_month: int) -> date:
    """The wheel's first day: `from` (a month), else `year` from `start_month`, else the
    wheel year that holds today."""
    if from_ is not None:
        match = _MONTH.match(from_)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationFailed.field(
                "from",
                "must be a month as YYYY-MM (or its first day, YYYY-MM-01)",
                location="query",
            )
        first, name = date(int(match.group(1)), int(match.group(2)), 1), "from"
    elif year is not None:
        first, name = date(year, start_month, 1), "year"
    else:
        today = clock.now().astimezone(get_settings().default_zone).date()
        first, name = date(today.year - (today.month < start_month), start_month, 1), "year"
    if not MIN_YEAR <= first.year < MAX_YEAR:
        raise ValidationFailed.field(
            name, f"the wheel must lie between {MIN_YEAR} and {MAX_YEAR}", location="query"
        )
    return first


async def network_of(session: AsyncSession, principal: Principal, network_id: uuid.UUID) -> Network:
    network = await get_or_404(session, Network, network_id, "Network")
    principal.ensure_readable(network.id, "Network")
    return network


async def check_filters(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID,
    options: WheelOptions,
    location: str,
) -> None:
    """Every group and partner named must exist in this network: 422 naming the option."""
    models: tuple[tuple[str, type[Group] | type[Partner]], ...] = (
        ("groups", Group),
        ("partners", Partner),
    )
    for field, model in models:
        for value in getattr(options, field):
            try:
                await referenced(session, principal, model, value, field, network_id=network_id)
            except ValidationFailed as exc:
                name = field if location == "query" else f"options.{field}"
                message = exc.errors[0]["message"] if exc.errors else str(exc)
                raise ValidationFailed.field(name, message, location=location) from exc


async def chosen_colours(session: AsyncSession, network_id: uuid.UUID) -> dict[str, str]:
    rows = await session.exec(select(CategoryColor).where(CategoryColor.network_id == network_id))
    return {row.category: row.color.upper() for row in rows.all()}


@dataclass(frozen=True)
class Picture:
    network: Network
    options: WheelOptions
    first: date
    etag: str


async def picture(
    session: AsyncSession, principal: Principal, network: Network, options: WheelOptions,
    first: date, variant: str,
) -> Picture:  # fmt: skip
    """What a wheel will show and its ETag (one query: nothing is expanded or drawn yet)."""
    today = clock.now().astimezone(get_settings().default_zone).date()
    found = await cache.fingerprint(session, network.id)
    etag = cache.etag_for(network.id, found, options.model_dump_json(), first, today, variant)
    return Picture(network, options, first, etag)


async def draw(
    session: AsyncSession, principal: Principal, shown: Picture, *, title: str | None = None,
    interactive: bool = False, details: bool = True,
) -> Wheel:  # fmt: skip
    zone = get_settings().default_zone
    colours = await chosen_colours(session, shown.network.id)
    rings, items, legend = await collect(
        session,
        principal,
        shown.network.id,
        shown.options,
        shown.first,
        colours,
        details=details,
    )
    return Wheel(
        first=shown.first, title=title or shown.network.name, lang=shown.options.lang,
        size=shown.options.size, rings=rings, items=items, legend=legend,
        today=clock.now().astimezone(zone).replace(tzinfo=None), interactive=interactive,
    )  # fmt: skip


# Colours


async def get_colors(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID
) -> CategoryColorsPublic:
    network = await network_of(session, principal, network_id)
    return CategoryColorsPublic(
        network_id=network.id, colors=await chosen_colours(session, network.id)
    )


async def put_colors(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID, data: CategoryColors
) -> CategoryColorsPublic:
    """Replace the network's category colours."""
    network = await network_of(session, principal, network_id)
    principal.ensure_writable(network.id, "Network")
    before = await chosen_colours(session, network.id)
    wanted = {category: color.upper() for category, color in data.colors.items()}
    await session.exec(sql_delete(CategoryColor).where(col(CategoryColor.network_id) == network.id))
    for category, color in sorted(wanted.items()):
        session.add(CategoryColor(network_id=network.id, category=category, color=color))
    await session.flush()
    public = CategoryColorsPublic(network_id=network.id, colors=wanted)
    changed = sorted(k for k in set(before) | set(wanted) if before.get(k) != wanted.get(k))
    announce(session, "category_colors", "updated", public, network_id=network.id,
             subject=f"/v1/networks/{network.id}/category-colors", changed=changed)  # fmt: skip
    return public


# Embeds


def _announce(session: AsyncSession, embed: WheelEmbed, verb: str) -> None:
    # The data is the public form: it never holds the token.
    announce(session, "wheel_embed", verb, EmbedPublic.model_validate(embed),
             network_id=embed.network_id, subject=f"/v1/wheel-embeds/{embed.id}")  # fmt: skip


async def create_embed(
    session: AsyncSession, principal: Principal, data: EmbedCreate
) -> tuple[WheelEmbed, str]:
    """Publishing a page of the network is a change to it: writers only."""
    await networks.writable(session, principal, data.network_id)
    values = data.model_dump(include={"scope", "network_id", "group_id", "partner_id",
                                      "person_id", "name"})  # fmt: skip
    await check_scope(session, principal, data.scope, values, data.network_id)
    await check_filters(session, principal, data.network_id, data.options, "body")
    token = new_token()
    embed = WheelEmbed(
        **values, owner_client_id=principal.client_id, token_hash=hash_token(token),
        options=data.options.model_dump(mode="json"), allowed_origins=data.origins(),
    )  # fmt: skip
    session.add(embed)
    await session.flush()
    _announce(session, embed, "created")
    return embed, token


embeds = Repository(WheelEmbed, WheelEmbed.network_id, "Wheel embed")


async def list_embeds(
    session: AsyncSession,
    principal: Principal,
    network_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[WheelEmbed], str | None]:
    """The embeds of the caller's networks (or of one of them), oldest first."""
    statement = embeds.readable_statement(principal, network_id)
    return await paginate(session, statement, id_column=WheelEmbed.id, limit=limit, cursor=cursor)


async def delete_embed(session: AsyncSession, principal: Principal, embed_id: uuid.UUID) -> None:
    embed = await embeds.get_writable(session, principal, embed_id)
    _announce(session, embed, "deleted")
    await session.delete(embed)
    await session.flush()


async def embed_by_token(session: AsyncSession, token: str) -> WheelEmbed:
    return await by_token(session, WheelEmbed, token, "Wheel")


def embed_reader(embed: WheelEmbed) -> Principal:
    """The page reads as a member of the embed's network would: that network only."""
    return Principal(embed.owner_client_id, Role.member, frozenset({embed.network_id}))


async def embed_options(session: AsyncSession, embed: WheelEmbed) -> WheelOptions:
    """The embed's options narrowed to its scope."""
    options = WheelOptions.model_validate(embed.options)
    if embed.group_id:
        options.groups = [embed.group_id]
    elif embed.partner_id:
        options.partners = [embed.partner_id]
    elif embed.person_id:
        rows = await session.exec(
            select(Membership.group_id).where(Membership.person_id == embed.person_id)
        )
        # No group at all: a group id that matches nothing, so the wheel is empty, not all.
        options.groups = sorted(set(rows.all())) or [uuid.UUID(int=0)]
    return options
