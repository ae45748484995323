"""Feed subscriptions: create, list, revoke, and serve a feed's calendar through the cache."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.auth.principal import Principal
from app.core import stamps, tokens
from app.core.crud import get_or_404, referenced
from app.core.db.base import table_of
from app.core.db.changes import change_counts, side_by_side
from app.core.db.lookup import UNKNOWN
from app.core.db.mirror import MISSING
from app.core.db.session import get_database
from app.core.errors import NotFound, ValidationFailed
from app.core.tokens import MAX_TOKEN_LENGTH, hash_token, new_token
from app.deadlines.models import Deadline, DeadlineDecision
from app.events.models import Event, OccurrenceOverride
from app.feeds.cache import Rendered, feed_cache, fragments
from app.feeds.deadlines import deadline_items, horizon_year, task_items
from app.feeds.items import event_items
from app.feeds.models import FeedScope, FeedSubscription
from app.feeds.schemas import FeedCreate, FeedPublic
from app.feeds.scopes import scoped_deadlines, scoped_events, scoped_tasks
from app.groups.models import Group, Membership
from app.kernel.ical.render import CalendarMeta, render_calendar
from app.networks.models import Network
from app.notifications.service import announce
from app.partners.models import Partner
from app.people.models import Person
from app.tasks.models import Task

SCOPE_FIELD: dict[FeedScope, tuple[str, type[Group] | type[Partner] | type[Person]]] = {
    FeedScope.group: ("group_id", Group),
    FeedScope.partner: ("partner_id", Partner),
    FeedScope.person: ("person_id", Person),
}


def _announce(session: AsyncSession, feed: FeedSubscription, verb: str) -> None:
    # The data is the listed form: it never holds the token.
    announce(session, "feed", verb, FeedPublic.model_validate(feed), network_id=feed.network_id)


async def check_scope(
    session: AsyncSession,
    principal: Principal,
    scope: FeedScope,
    values: dict[str, Any],
    network_id: uuid.UUID,
) -> None:
    """A scope names its group, partner or person (in the network) and no other: 422 on the
    field otherwise. Feeds and wheel embeds read the same scopes."""
    for each, (field, model) in SCOPE_FIELD.items():
        if scope is each:
            if values[field] is None:
                raise ValidationFailed.field(field, f"required for scope `{each.value}`")
            await referenced(session, principal, model, values[field], field, network_id=network_id)
        elif values[field] is not None:
            raise ValidationFailed.field(field, f"only for scope `{each.value}`")


async def create(
    session: AsyncSession, principal: Principal, data: FeedCreate
) -> tuple[FeedSubscription, str]:
    """Any role that reads the network may subscribe (a member subscribes for themself)."""
    await referenced(session, principal, Network, data.network_id, "network_id")
    values = data.model_dump()
    await check_scope(session, principal, data.scope, values, data.network_id)
    token = new_token()
    feed = FeedSubscription(
        **values, owner_client_id=principal.client_id, token_hash=hash_token(token)
    )
    feed.categories = sorted(set(data.categories))
    session.add(feed)
    await session.flush()
    _announce(session, feed, "created")
    return feed, token


async def get_all(session: AsyncSession, principal: Principal) -> list[FeedSubscription]:
    statement = select(FeedSubscription).where(
        FeedSubscription.owner_client_id == principal.client_id
    )
    feeds = (await session.exec(statement.order_by(col(FeedSubscription.id)))).all()
    return [f for f in feeds if principal.can_see(f.network_id)]


async def get(session: AsyncSession, principal: Principal, feed_id: uuid.UUID) -> FeedSubscription:
    feed = await get_or_404(session, FeedSubscription, feed_id, "Feed")
    principal.ensure_readable(feed.network_id, "Feed")
    # Another client's feed is the owner's secret unless the caller administers the network.
    if feed.owner_client_id != principal.client_id and not principal.is_admin:
        try:
            principal.ensure_writable(feed.network_id, "Feed")
        except Exception as exc:
            raise NotFound("Feed not found") from exc
    return feed


async def delete(session: AsyncSession, feed: FeedSubscription) -> None:
    _announce(session, feed, "deleted")
    await session.delete(feed)
    await session.flush()
    feed_cache.drop(feed.id)


def fingerprint_query(feed: FeedSubscription, token_hash: str) -> sa.Select[*tuple[Any, ...]]:
    """What a render needs to know first, in one round trip: the names the calendar shows and
    counts of each part, so that a render skips the queries of empty parts (the counts were
    once the freshness check; `FRESHNESS` is now)."""
    events = table_of(Event)
    overrides = table_of(OccurrenceOverride)
    in_scope = scoped_events(feed)
    parts = {
        "events": change_counts(events, in_scope),
        "overrides": change_counts(
            overrides, in_scope, (events, events.c.id == overrides.c.event_id)
        ),
    }
    if feed.scope == FeedScope.person:
        memberships = table_of(Membership)
        parts["memberships"] = change_counts(memberships, memberships.c.person_id == feed.person_id)
    if feed.include_deadlines:
        deadlines = table_of(Deadline)
        decisions = table_of(DeadlineDecision)
        in_scope_deadlines = scoped_deadlines(feed)
        parts["deadlines"] = change_counts(deadlines, in_scope_deadlines)
        parts["decisions"] = change_counts(
            decisions, in_scope_deadlines, (deadlines, deadlines.c.id == decisions.c.deadline_id)
        )
    if feed.include_tasks:
        parts["tasks"] = change_counts(table_of(Task), scoped_tasks(feed, in_scope))
    columns: list[sa.ColumnElement[Any]] = [
        select(FeedSubscription.version)
        .where(FeedSubscription.token_hash == token_hash)
        .scalar_subquery(),
        select(Network.version).where(Network.id == feed.network_id).scalar_subquery(),
    ]
    if feed.scope in SCOPE_FIELD:
        field, model = SCOPE_FIELD[feed.scope]
        scope_id = getattr(feed, field)
        columns.append(select(model.version).where(model.id == scope_id).scalar_subquery())
    for name, part in parts.items():
        columns += [part.c.n.label(f"{name}_n"), part.c.changed, part.c.versions]
    # The names the calendar shows, read here so that a render needs no query for them.
    network_name = select(Network.name).where(Network.id == feed.network_id)
    columns.append(network_name.scalar_subquery().label("network_name"))
    if feed.scope in SCOPE_FIELD:
        field, model = SCOPE_FIELD[feed.scope]
        scope_name = select(model.name).where(model.id == getattr(feed, field))
        columns.append(scope_name.scalar_subquery().label("scope_name"))
    return sa.select(*columns).select_from(side_by_side(parts.values()))


async def by_token(session: AsyncSession, token: str) -> FeedSubscription:
    return await tokens.by_token(session, FeedSubscription, token, "Feed")


# The freshness check of every GET, built once: the feed by its token hash (unique index) and
# its network's change stamp by primary key. Any change that can alter the feed bumps the
# stamp in its own transaction (app/core/stamps.py), and a change of the feed row bumps its
# version; a revoked feed has no row.
_FEEDS = table_of(FeedSubscription)
FRESHNESS = (
    sa.select(_FEEDS.c.version, stamps.TABLE.c.stamp, stamps.TABLE.c.changed_at)
    .select_from(_FEEDS.outerjoin(stamps.TABLE, stamps.TABLE.c.scope_id == _FEEDS.c.network_id))
    .where(_FEEDS.c.token_hash == sa.bindparam("token_hash"))
)


# The same without the time, for the warm path's lookup outside the session (app/core/db/
# lookup.py): the feed's version and the stamp come back as the integers they are.
WARM_FRESHNESS = (
    sa.select(_FEEDS.c.version, stamps.TABLE.c.stamp)
    .select_from(_FEEDS.outerjoin(stamps.TABLE, stamps.TABLE.c.scope_id == _FEEDS.c.network_id))
    .where(_FEEDS.c.token_hash == sa.bindparam("token_hash"))
)


async def warm_calendar(token: str) -> Rendered | None:
    """The cached feed when it is still fresh (one lookup, no session), else None; 404 when
    the feed was revoked."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotFound("Feed not found")
    token_hash = hash_token(token)
    cached = feed_cache.by_token(token_hash)
    if cached is None:
        return None
    database = get_database()
    if database.mirror is not None:
        # PostgreSQL: the network's stamp from the stamp mirror, no round trip. The feed row
        # itself changes only with a change announced in its network (created, revoked,
        # deleted with its network, group, partner or person), which bumps that stamp.
        stamp = database.mirror.get(cached.feed.network_id)
        if stamp is not MISSING and cached.fingerprint == _fingerprint(
            cached.feed, (cached.feed.version, stamp)
        ):
            return cached
    row = await database.lookups.one(WARM_FRESHNESS, {"token_hash": token_hash})
    if row is None:  # revoked
        feed_cache.drop(cached.feed.id)
        raise NotFound("Feed not found")
    if row is not UNKNOWN and cached.fingerprint == _fingerprint(cached.feed, row):
        return cached
    return None


async def calendar(session: AsyncSession, token: str) -> Rendered:
    """The feed's bytes: from the cache while the feed's version, its network's change stamp
    and the milestone horizon are those it was rendered for."""
    warm = await warm_calendar(token)
    if warm is not None:
        return warm
    token_hash = hash_token(token)
    cached = feed_cache.by_token(token_hash)
    connection = await session.connection()
    row = (await connection.execute(FRESHNESS, {"token_hash": token_hash})).first()
    if row is None:  # revoked, or never was
        if cached is not None:
            feed_cache.drop(cached.feed.id)
        raise NotFound("Feed not found")
    if cached is not None and cached.fingerprint == _fingerprint(cached.feed, row):
        return cached
    feed = await by_token(session, token)
    fingerprint = _fingerprint(feed, row)
    async with feed_cache.lock(feed.id):
        current = feed_cache.by_token(token_hash)
        if current is not None and current.fingerprint == fingerprint:
            return current
        known = (await connection.execute(fingerprint_query(feed, token_hash))).one()
        body = await render(session, feed, known, fingerprint[-1])
        return feed_cache.put(feed, token_hash, fingerprint, body, row[2])


def _fingerprint(feed: FeedSubscription, row: Any) -> tuple[Any, ...]:
    """The feed's version, the network's stamp and the milestone horizon (it moves once a
    year); the last item is the horizon year the feed is rendered for."""
    year = horizon_year() if feed.include_deadlines else 0
    return (row[0], row[1], year)


async def render(session: AsyncSession, feed: FeedSubscription, known: Any, year: int) -> bytes:
    """The feed's calendar. `known` is the feed's fingerprint row: it already holds the names
    and counts, so no query is spent on them nor on parts it counted none of (each query is
    round trips to the database thread, slow on a loaded machine)."""
    values = known._mapping
    if values["network_name"] is None:
        raise NotFound("Feed not found")
    scope_name = values.get("scope_name")
    default_name = values["network_name"] + (f": {scope_name}" if scope_name else "")
    meta = CalendarMeta(
        name=feed.name or default_name,
        description=f"Vuosikello: {values['network_name']}",
    )
    empty = {k[:-2] for k, v in values.items() if k.endswith("_n") and v == 0}
    in_scope = scoped_events(feed)
    items = []
    if "events" not in empty:
        items = await event_items(
            session, in_scope, alarms=feed.alarms, overrides="overrides" not in empty
        )
    if feed.include_deadlines and "deadlines" not in empty:
        where = scoped_deadlines(feed)
        items += await deadline_items(session, where, year, alarms=feed.alarms)
    if feed.include_tasks and "tasks" not in empty:
        where = scoped_tasks(feed, in_scope)
        items += await task_items(session, where, alarms=feed.alarms)
    return render_calendar(meta, items, fragments)
