"""Which rows a feed shows: its network, its scope (a group, a partner or a person) and its
categories, as WHERE clauses on the tables a feed renders."""

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.deadlines.models import Deadline
from app.events.models import Event, EventPartner
from app.feeds.models import FeedScope, FeedSubscription
from app.groups.models import Membership
from app.people.models import Person
from app.tasks.models import Task


def in_feed(
    feed: FeedSubscription,
    network_id: Any,
    category: Any,
    in_scope: sa.ColumnElement[bool] | None,
) -> sa.ColumnElement[bool]:
    """Rows of the feed's network, inside its scope (None: the whole network), in its
    categories (none chosen: all)."""
    conditions = [col(network_id) == feed.network_id]
    if in_scope is not None:
        conditions.append(in_scope)
    if feed.categories:
        conditions.append(col(category).in_(feed.categories))
    return sa.and_(*conditions)


def _person_groups(feed: FeedSubscription) -> SelectOfScalar[uuid.UUID]:
    return select(Membership.group_id).where(Membership.person_id == feed.person_id)


def _event_in_scope(feed: FeedSubscription) -> sa.ColumnElement[bool] | None:
    if feed.scope == FeedScope.group:
        return col(Event.group_id) == feed.group_id
    if feed.scope == FeedScope.partner:
        linked = select(EventPartner.event_id).where(EventPartner.partner_id == feed.partner_id)
        return col(Event.id).in_(linked)
    if feed.scope == FeedScope.person:
        return col(Event.group_id).in_(_person_groups(feed))
    return None


def _deadline_in_scope(feed: FeedSubscription) -> sa.ColumnElement[bool] | None:
    if feed.scope == FeedScope.partner:
        return col(Deadline.partner_id) == feed.partner_id
    if feed.scope == FeedScope.group:
        in_group = select(Event.id).where(Event.group_id == feed.group_id)
        return col(Deadline.event_id).in_(in_group)
    if feed.scope == FeedScope.person:
        partner = select(Person.partner_id).where(Person.id == feed.person_id)
        in_groups = select(Event.id).where(col(Event.group_id).in_(_person_groups(feed)))
        return sa.or_(col(Deadline.partner_id).in_(partner), col(Deadline.event_id).in_(in_groups))
    return None


def scoped_events(feed: FeedSubscription) -> sa.ColumnElement[bool]:
    """The series a feed shows, as a WHERE clause on `events`."""
    return in_feed(feed, Event.network_id, Event.category, _event_in_scope(feed))


def scoped_deadlines(feed: FeedSubscription) -> sa.ColumnElement[bool]:
    """The deadlines a feed shows, as a WHERE clause on `deadlines`."""
    return in_feed(feed, Deadline.network_id, Deadline.category, _deadline_in_scope(feed))


def scoped_tasks(
    feed: FeedSubscription, scoped_events: sa.ColumnElement[bool]
) -> sa.ColumnElement[bool]:
    """The tasks a feed shows: a person's own tasks, otherwise those of the scope's events."""
    conditions = [col(Task.network_id) == feed.network_id]
    if feed.scope == FeedScope.person:
        conditions.append(col(Task.assignee_id) == feed.person_id)
        if feed.categories:
            in_categories = select(Event.id).where(
                Event.network_id == feed.network_id, col(Event.category).in_(feed.categories)
            )
            conditions.append(col(Task.event_id).in_(in_categories))
    elif feed.scope != FeedScope.network or feed.categories:
        conditions.append(col(Task.event_id).in_(select(Event.id).where(scoped_events)))
    return sa.and_(*conditions)
