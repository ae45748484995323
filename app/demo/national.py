"""`vuosikello demo national`: a synthetic national data set, the same for the same seed.

Networks (one per wellbeing county, Helsinki and national ones), partners with real municipality
codes, people, steering and working groups, events with yearly and monthly rules and their
reminders, deadlines with milestones, preparation templates applied to events, iCal feeds,
webhooks and one coordinator client per network. Everything is written through the same
services the API uses, so every row is announced (a notification) and audited, as if
coordinators had typed it in, but in bulk: the services' `create_many` functions insert a
whole chunk of partners, people or events in one flush (reminder rows in one COPY), and their
notifications and audit entries are written with it. Each network is committed in chunks
(one transaction per chunk of events), so memory stays flat.

Dates start from the clock's today: what the seed fixes is names, rules, sizes and links.
"""

import random
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from app.audit.context import CLI
from app.audit.service import act_as
from app.auth import service as clients
from app.auth.models import Role
from app.auth.principal import Principal
from app.core import clock
from app.core.db.session import Database, get_database
from app.deadlines import service as deadlines
from app.deadlines.schemas import DeadlineCreate, Milestone
from app.demo import national_data as raw
from app.demo.national_data import (
    SCALES,
    NationalResult,
    NetworkResult,
    Scale,
    ScaleName,
    first_on_or_after,
    yearly_due,
)
from app.events.schemas import EventCreate
from app.feeds import service as feeds
from app.feeds.models import FeedScope
from app.feeds.schemas import FeedCreate
from app.flows import schedule
from app.groups import service as groups
from app.groups.models import GroupKind, MemberRole
from app.groups.schemas import GroupCreate, MembershipCreate
from app.networks import service as networks
from app.networks.schemas import NetworkCreate
from app.partners import service as partners
from app.partners.models import PartnerKind
from app.partners.schemas import PartnerCreate
from app.people import service as people
from app.people.schemas import PersonCreate
from app.reminders.schemas import ReminderRecipients, ReminderRule
from app.tasks import service as tasks
from app.tasks.schemas import PreparationCreate, TemplateCreate, TemplateTask
from app.webhooks import service as webhooks
from app.webhooks.schemas import WebhookCreate

ZONE = ZoneInfo("Europe/Helsinki")


class Generator:
    """One national set; `progress(done, total)` after each network chunk."""

    def __init__(
        self,
        seed: int,
        scale: Scale,
        webhook_urls: list[str],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.random = random.Random(seed)  # noqa: S311 - names and dates, not secrets
        self.scale = scale
        self.webhook_urls = webhook_urls
        self.progress = progress or (lambda done, total: None)
        self.today = clock.now().astimezone(ZONE).date()
        places = list(raw.MUNICIPALITIES)
        self.random.shuffle(places)
        self.places = places
        self.emails = 0

    async def run(self, database: Database) -> NationalResult:
        async with database.sessionmaker() as session:
            act_as(session, CLI)
            client, secret = await clients.create(
                session, name="Vuosikello national demo admin", role=Role.admin, network_ids=[]
            )
            await session.commit()
        admin = Principal(client_id=client.id, role=Role.admin, network_ids=frozenset())
        results = []
        for index in range(self.scale.networks):
            results.append(await self.network(database, admin, index))
            self.progress(index + 1, self.scale.networks)
        return NationalResult(
            admin={"client_id": str(client.id), "client_secret": secret}, networks=results
        )

    def _places_of(self, index: int) -> list[tuple[str, str]]:
        """About an equal share of the 309 municipalities for each network."""
        count = self.scale.networks
        return self.places[index::count] or [self.places[index % len(self.places)]]

    async def network(self, database: Database, admin: Principal, index: int) -> NetworkResult:
        county = raw.COUNTIES[index % len(raw.COUNTIES)]
        suffix = f" {index // len(raw.COUNTIES) + 1}" if index >= len(raw.COUNTIES) else ""
        name = f"{county}: lasten, nuorten ja perheiden hyvinvointiverkosto{suffix}"
        async with database.sessionmaker() as session:
            act_as(session, CLI)
            network = await networks.create(
                session, admin, NetworkCreate(name=name, description=f"Synteettinen: {county}")
            )
            partner_ids = await self._partners(session, admin, network.id, county, index)
            person_ids = await self._people(session, admin, partner_ids)
            group_ids = await self._groups(session, admin, network.id, person_ids)
            template_ids = await self._templates(session, admin, network.id)
            await session.commit()
        result = NetworkResult(id=network.id, name=name, coordinator={})
        result.counts = {
            "partners": len(partner_ids),
            "people": len(person_ids),
            "groups": len(group_ids),
            "templates": len(template_ids),
            "events": 0,
        }
        written = 0
        while written < self.scale.events:
            size = min(self.scale.chunk, self.scale.events - written)
            async with database.sessionmaker() as session:
                act_as(session, CLI)
                made = await self._events(
                    session, admin, network.id, written, size, partner_ids, group_ids,
                    template_ids,
                )  # fmt: skip
                await session.commit()
            for key, value in made.items():
                result.counts[key] = result.counts.get(key, 0) + value
            written += size
        async with database.sessionmaker() as session:
            act_as(session, CLI)
            result.counts["deadlines"] = await self._deadlines(
                session, admin, network.id, partner_ids, group_ids
            )
            result.feeds = await self._feeds(session, admin, network.id, group_ids)
            result.webhooks = await self._webhooks(session, admin, network.id)
            coordinator, secret = await clients.create(
                session, name=f"Koordinaattori: {county}{suffix}", role=Role.coordinator,
                network_ids=[network.id],
            )  # fmt: skip
            await session.commit()
        result.coordinator = {"client_id": str(coordinator.id), "client_secret": secret}
        result.counts["feeds"], result.counts["webhooks"] = len(result.feeds), len(result.webhooks)
        return result

    async def _partners(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID, county: str,
        index: int,
    ) -> list[uuid.UUID]:  # fmt: skip
        places = self._places_of(index)
        wanted = self.scale.partners
        rows: list[PartnerCreate] = [
            PartnerCreate(network_id=network_id, name=f"{county}: hyvinvointialue",
                          kind=PartnerKind.wellbeing_county,
                          wellbeing_county_code=raw.COUNTY_CODES.get(county))
        ]  # fmt: skip
        for code, place in places:
            if len(rows) >= wanted:
                break
            rows.append(
                PartnerCreate(network_id=network_id, name=f"{place}: kunta",
                              kind=PartnerKind.municipality, municipality_code=code)
            )  # fmt: skip
        round_ = 0
        while len(rows) < wanted:
            code, place = places[round_ % len(places)]
            kind, pattern = raw.PLACE_ORGANISATIONS[(round_ // len(places)) % 10]
            lap = round_ // (len(places) * 10)
            label = pattern.format(place=place) + (f" {lap + 1}" if lap else "")
            rows.append(
                PartnerCreate(network_id=network_id, name=label, kind=PartnerKind(kind),
                              municipality_code=code)
            )  # fmt: skip
            round_ += 1
        return [partner.id for partner in await partners.create_many(session, admin, rows)]

    def _person_name(self) -> str:
        return f"{self.random.choice(raw.FIRST_NAMES)} {self.random.choice(raw.LAST_NAMES)}"

    async def _people(
        self, session: AsyncSession, admin: Principal, partner_ids: list[uuid.UUID]
    ) -> list[uuid.UUID]:
        rows = []
        for partner_id in partner_ids:
            for _ in range(self.scale.people_per_partner):
                name = self._person_name()
                self.emails += 1
                local = name.lower().translate(str.maketrans("äöå ", "aoa."))
                rows.append(
                    PersonCreate(
                        partner_id=partner_id, name=name,
                        email=f"{local}.{self.emails}@example.fi",
                        title=self.random.choice(raw.TITLES),
                    )
                )  # fmt: skip
        return [person.id for person in await people.create_many(session, admin, rows)]

    async def _groups(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID,
        person_ids: list[uuid.UUID],
    ) -> list[uuid.UUID]:  # fmt: skip
        ids = []
        term_start, term_end = date(2025, 6, 1), date(2029, 5, 31)
        for index in range(self.scale.groups):
            steering = index == 0
            group = await groups.create(
                session,
                admin,
                GroupCreate(
                    network_id=network_id,
                    name="Ohjausryhmä" if steering else f"Työryhmä {index}",
                    kind=GroupKind.steering_group if steering else GroupKind.working_group,
                    term_start=term_start,
                    term_end=term_end,
                ),
            )
            size = min(len(person_ids), self.random.randint(4, 8))
            for position, person_id in enumerate(self.random.sample(person_ids, size)):
                role = MemberRole.chair if position == 0 else MemberRole.member
                await groups.create_membership(
                    session, admin, group, MembershipCreate(person_id=person_id, role=role)
                )
            ids.append(group.id)
        return ids

    async def _templates(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID
    ) -> list[uuid.UUID]:
        ids = []
        for name, steps in raw.TEMPLATES:
            template = await tasks.create_template(
                session,
                admin,
                TemplateCreate(
                    network_id=network_id, name=name,
                    tasks=[TemplateTask(title=title, offset=offset) for title, offset in steps],
                ),
            )  # fmt: skip
            ids.append(template.id)
        return ids

    def _event(
        self, network_id: uuid.UUID, number: int, partner_ids: list[uuid.UUID],
        group_ids: list[uuid.UUID],
    ) -> EventCreate:  # fmt: skip
        title, category, rule, hour, hours = self.random.choice(raw.EVENT_KINDS)
        day = self.today + timedelta(days=self.random.randint(1, 120))
        start = first_on_or_after(rule, day, hour) if rule else datetime.combine(day, time(hour))
        group_id = self.random.choice(group_ids) if rule and group_ids else None
        reminders = [ReminderRule(offset="-P7D")]
        if group_id is not None and rule and "MONTHLY" in rule:
            recipients = ReminderRecipients(group_ids=[group_id])
            reminders.append(
                ReminderRule(offset="-P1D", channels=["email", "notification"],
                             recipients=recipients)
            )  # fmt: skip
        return EventCreate(
            network_id=network_id,
            title=f"{title} {number + 1}",
            category=category,
            group_id=group_id,
            partner_ids=self.random.sample(partner_ids, min(len(partner_ids), 2)),
            start=start,
            end=start + timedelta(hours=hours),
            rrule=rule,
            location=f"{self.random.choice(self.places)[1]}, valtuustosali",
            reminders=reminders,
        )

    async def _events(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID, offset: int,
        count: int, partner_ids: list[uuid.UUID], group_ids: list[uuid.UUID],
        template_ids: list[uuid.UUID],
    ) -> dict[str, int]:  # fmt: skip
        made = {"events": 0, "preparations": 0}
        numbers = range(offset, offset + count)
        rows = [self._event(network_id, number, partner_ids, group_ids) for number in numbers]
        created = await schedule.create_events(session, admin, rows)
        preparations = []
        for number, (event, _) in zip(numbers, created, strict=True):
            made["events"] += 1
            if number % 10 == 0 and template_ids:
                template_id = template_ids[number % len(template_ids)]
                preparations.append((event, PreparationCreate(template_id=template_id)))
        made["preparations"] = len(await tasks.prepare_new_events(session, admin, preparations))
        return made

    async def _deadlines(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID,
        partner_ids: list[uuid.UUID], group_ids: list[uuid.UUID],
    ) -> int:  # fmt: skip
        for number in range(self.scale.deadlines):
            title, body, rule, month, day, milestone = raw.DEADLINE_KINDS[
                number % len(raw.DEADLINE_KINDS)
            ]
            recipients = ReminderRecipients(group_ids=group_ids[:1])
            await deadlines.create(
                session,
                admin,
                DeadlineCreate(
                    network_id=network_id,
                    title=f"{title} {number + 1}",
                    decision_body=body,
                    partner_id=self.random.choice(partner_ids),
                    category="Päätöksenteko",
                    due=yearly_due(month, day, self.today),
                    rrule=rule,
                    milestones=[Milestone(name=milestone, offset="-P30D")],
                    reminders=[ReminderRule(offset="-P14D", recipients=recipients)],
                ),
            )
        return self.scale.deadlines

    async def _feeds(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID,
        group_ids: list[uuid.UUID],
    ) -> list[dict[str, str]]:  # fmt: skip
        made = []
        for number in range(self.scale.feeds):
            if number == 0 or not group_ids:
                data = FeedCreate(scope=FeedScope.network, network_id=network_id)
            else:
                group_id = group_ids[(number - 1) % len(group_ids)]
                data = FeedCreate(scope=FeedScope.group, network_id=network_id, group_id=group_id)
            feed, token = await feeds.create(session, admin, data)
            made.append({"id": str(feed.id), "scope": data.scope.value, "token": token})
        return made

    async def _webhooks(
        self, session: AsyncSession, admin: Principal, network_id: uuid.UUID
    ) -> list[dict[str, str]]:
        made = []
        for url in self.webhook_urls:
            endpoint, secret = await webhooks.create(
                session, admin, WebhookCreate(network_id=network_id, url=url)
            )
            made.append({"id": str(endpoint.id), "url": url, "secret": secret})
        return made


async def generate(
    seed: int,
    scale: ScaleName,
    webhook_urls: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> NationalResult:
    """Generate the set into the configured database; each network commits on its own."""
    database = get_database()
    try:
        return await Generator(seed, SCALES[scale], webhook_urls, progress).run(database)
    finally:
        await database.dispose()
