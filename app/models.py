"""Imports every table so metadata (and Alembic) sees the whole schema."""

from app.auth.models import Client, ClientNetwork
from app.events.models import Event, EventPartner, OccurrenceOverride
from app.groups.models import Group, Membership
from app.networks.models import Network
from app.notifications.models import Notification
from app.partners.models import Partner
from app.people.models import Person

__all__ = [
    "Client",
    "ClientNetwork",
    "Event",
    "EventPartner",
    "Group",
    "Membership",
    "Network",
    "Notification",
    "OccurrenceOverride",
    "Partner",
    "Person",
]
