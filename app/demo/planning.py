"""Demo decision deadlines, a seminar preparation plan and reminder rules (issue 3).

Loaded through the same services as the API, after the events of `app/demo/data.py`.
"""

from datetime import date, datetime

from app.deadlines import service as deadlines
from app.deadlines.models import Outcome
from app.deadlines.schemas import DeadlineCreate, DecisionCreate, Milestone
from app.demo.context import Demo
from app.events.schemas import EventUpdate
from app.flows import schedule
from app.reminders.schemas import Channel, ReminderRecipients, ReminderRule
from app.tasks import service as tasks
from app.tasks.schemas import PreparationCreate, TemplateCreate, TemplateTask

SEMINAR_PLAN = (
    ("Varaa tila ja tekniikka", "-P90D", "koordinaattori"),
    ("Kutsu puhujat", "-P60D", "koordinaattori"),
    ("Lähetä kutsut kunnille ja järjestöille", "-P30D", "viestintä"),
    ("Sulje ilmoittautuminen", "-P10D", "koordinaattori"),
    ("Lähetä ennakkomateriaalit", "-P3D", "asiantuntija"),
    ("Palautekysely osallistujille", "P1D", "koordinaattori"),
    ("Julkaise yhteenveto ja nostot talousarviovalmisteluun", "P14D", "asiantuntija"),
)


def _rule(offset: str, *, email: bool = False, **recipients: object) -> ReminderRule:
    channels: list[Channel] = ["email", "notification"] if email else ["notification"]
    return ReminderRule(
        offset=offset, channels=channels, recipients=ReminderRecipients.model_validate(recipients)
    )


async def load(demo: Demo) -> None:
    await _deadlines(demo)
    session, principal, network_id = demo.session, demo.principal, demo.network_id
    person_ids, group_ids, event_rows = demo.person_ids, demo.group_ids, demo.event_rows
    # Reminder rules on events, like VALARMs: the seminar and the LAPE steering group.
    seminar = event_rows["tilannekuvaseminaari"]
    await schedule.update_event(
        session,
        principal,
        seminar,
        EventUpdate(
            reminders=[
                _rule("-P14D", email=True, group_ids=[group_ids["yhteistyoryhma"]]),
                _rule("-P1D", group_ids=[group_ids["yhteistyoryhma"]]),
            ]
        ),
    )
    await schedule.update_event(
        session,
        principal,
        event_rows["lape_kokous"],
        EventUpdate(reminders=[_rule("-P2D", group_ids=[group_ids["lape"]])]),
    )
    template = await tasks.create_template(
        session,
        principal,
        TemplateCreate(
            network_id=network_id,
            name="Tilannekuvaseminaarin valmistelu",
            description="Vakiotehtävät seminaarin valmisteluun ja jälkitöihin.",
            tasks=[TemplateTask(title=t, offset=o, role_hint=r) for t, o, r in SEMINAR_PLAN],
            reminders=[_rule("-P2D", email=True, assignee=True)],
        ),
    )
    await tasks.prepare(
        session,
        principal,
        seminar,
        PreparationCreate(template_id=template.id, assignee_id=person_ids["hietala"]),
    )


async def _deadlines(demo: Demo) -> None:
    session, principal, network_id = demo.session, demo.principal, demo.network_id
    partner_ids, person_ids, group_ids = demo.partner_ids, demo.person_ids, demo.group_ids
    event_rows = demo.event_rows
    assessment = Milestone(
        name="Lapsivaikutusten arviointi valmis",
        offset="-P21D",
        reminders=[_rule("-P7D", email=True, person_ids=[person_ids["heikkinen"]])],
    )
    budget = await deadlines.create(
        session,
        principal,
        DeadlineCreate(
            network_id=network_id,
            title="Oulun talousarvio: kaupunginvaltuuston päätös",
            description="Hyvinvointinäkökulmat ja lapsivaikutusten arviointi talousarvioon.",
            partner_id=partner_ids["oulu"],
            decision_body="Kaupunginvaltuusto",
            category="Päätöksenteko",
            due=datetime(2025, 11, 24, 17, 0),
            rrule="FREQ=YEARLY;BYMONTH=11;BYDAY=-1MO",
            event_id=event_rows["valtuusto_talousarvio"].id,
            milestones=[
                Milestone(name="Valmistelu alkaa", offset="-P90D"),
                assessment,
                Milestone(name="Esityslista julkaistaan", offset="-P7D"),
            ],
            reminders=[_rule("-P14D", group_ids=[group_ids["yhteistyoryhma"]])],
        ),
    )
    await deadlines.decide(
        session,
        budget,
        "2025-11-24T17:00:00",
        DecisionCreate(
            outcome=Outcome.decided,
            summary="Talousarvio hyväksyttiin; lapsivaikutusten arviointi liitteenä.",
        ),
    )
    await deadlines.create(
        session,
        principal,
        DeadlineCreate(
            network_id=network_id,
            title="Hyvinvointialueen talousarvio ja investointisuunnitelma",
            partner_id=partner_ids["pohde"],
            decision_body="Aluevaltuusto",
            category="Päätöksenteko",
            due=datetime(2025, 12, 8, 10, 0),
            rrule="FREQ=YEARLY;BYMONTH=12;BYDAY=2MO",
            event_id=event_rows["aluevaltuusto_talousarvio"].id,
            milestones=[
                Milestone(name="Lapsivaikutusten arviointi valmis", offset="-P28D"),
                Milestone(name="Aluehallituksen esitys", offset="-P14D"),
            ],
            reminders=[_rule("-P7D", partner_ids=[partner_ids["pohde"]])],
        ),
    )
    await deadlines.create(
        session,
        principal,
        DeadlineCreate(
            network_id=network_id,
            title="Laaja hyvinvointikertomus: valtuuston käsittely",
            category="Päätöksenteko",
            partner_id=partner_ids["oulu"],
            decision_body="Kaupunginvaltuusto",
            due=date(2027, 5, 31),
            milestones=[Milestone(name="Luonnos lautakunnille", offset="-P60D")],
            reminders=[_rule("-P30D", email=True, person_ids=[person_ids["heikkinen"]])],
        ),
    )
