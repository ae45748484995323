# ruff: noqa: E501
"""The "Getting started" folder of the Postman collection: a coordinator's first day, in order,
each request saving the ids the next one needs and checking its answer."""

from dataclasses import dataclass, field
from typing import Any

# Which collection variable a create operation's new id goes to.
ID_VARIABLES = {
    "networks-create": "network_id",
    "partners-create": "partner_id",
    "people-create": "person_id",
    "groups-create": "group_id",
    "groups-create-member": "membership_id",
    "events-create": "event_id",
    "deadlines-create": "deadline_id",
    "preparation-templates-create": "template_id",
    "feeds-create": "feed_id",
    "webhooks-create": "webhook_id",
    "clients-create": "client_id",
    "wheel-create-embed": "embed_id",
}


@dataclass(frozen=True)
class Step:
    """One request of the day: the operation, a name, its checks, and what differs from the
    operation's example."""

    operation_id: str
    name: str
    tests: str
    body: Any = None
    query: dict[str, str] = field(default_factory=dict)
    url: str | None = None


def status(code: int, *more: str) -> str:
    """A pm.test on the status code, then more lines of checks and saved variables."""
    lines = [
        f"pm.test('status is {code}', () => pm.response.to.have.status({code}));",
        "const body = (pm.response.headers.get('Content-Type') || '').includes('json')"
        " ? pm.response.json() : {};",
    ]
    return "\n".join([*lines, *more])


def save(variable: str, expression: str = "body.id") -> str:
    return f"pm.collectionVariables.set('{variable}', {expression});"


GETTING_STARTED = [
    Step(
        "auth-token",
        "1. Get an access token (client credentials)",
        status(
            200, "pm.test('a bearer token', () => pm.expect(body.access_token).to.be.a('string'));"
        ),
        body={
            "grant_type": "client_credentials",
            "client_id": "{{clientId}}",
            "client_secret": "{{clientSecret}}",
        },
    ),
    Step("networks-create", "2. Create the welfare network", status(201, save("network_id"))),
    Step(
        "partners-create",
        "3. Add the municipality as a partner",
        status(
            201,
            save("partner_id"),
            "pm.test('in the network', () => pm.expect(body.network_id).to.eql(pm.collectionVariables.get('network_id')));",
        ),
    ),
    Step("people-create", "4. Add the welfare coordinator", status(201, save("person_id"))),
    Step("groups-create", "5. Create the LAPE steering group", status(201, save("group_id"))),
    Step(
        "groups-create-member",
        "6. Make the coordinator its chair",
        status(
            201,
            save("membership_id"),
            "pm.test('chair', () => pm.expect(body.role).to.eql('chair'));",
        ),
    ),
    Step(
        "events-create",
        "7. Put the yearly seminar on the wheel",
        status(
            201,
            save("event_id"),
            "pm.test('yearly', () => pm.expect(body.rrule).to.include('YEARLY'));",
        ),
    ),
    Step(
        "events-get-all-occurrences",
        "8. List the seminar's occurrences 2027-2029",
        status(
            200,
            "pm.test('three yearly occurrences', () => pm.expect(body.data).to.have.length(3));",
            save("recurrence_id", "body.data[1].recurrence_id"),
        ),
        query={"from": "2027-01-01", "to": "2030-01-01"},
    ),
    Step(
        "events-replace-occurrence",
        "9. Move the 2028 seminar to the next day",
        status(200, "pm.test('overridden', () => pm.expect(body.overridden).to.eql(true));"),
    ),
    Step(
        "deadlines-create",
        "10. Create the budget deadline with its child impact assessment",
        status(
            201,
            save("deadline_id"),
            "pm.test('with its milestone', () => pm.expect(body.milestones[0].name).to.eql('Lapsivaikutusten arviointi valmis'));",
        ),
    ),
    Step(
        "deadlines-get-all-occurrences",
        "11. Find the deadline's due date",
        status(
            200,
            "pm.test('one due date', () => pm.expect(body.data).to.have.length(1));",
            save("deadline_recurrence_id", "body.data[0].recurrence_id"),
        ),
        query={"from": "2027-01-01", "to": "2028-01-01"},
    ),
    Step(
        "deadlines-decide",
        "12. Record the council's decision",
        status(200),
    ),
    Step(
        "occurrences-get-all",
        "13. See the autumn on the wheel",
        status(
            200,
            "const kinds = body.data.map(o => o.kind);",
            "pm.test('seminar, deadline and milestone', () => pm.expect(kinds).to.include.members(['event', 'deadline', 'milestone']));",
        ),
        query={"network_id": "{{network_id}}", "from": "2027-10-01", "to": "2028-01-01"},
    ),
    Step(
        "feeds-create",
        "14. Create the network's iCal feed",
        status(
            201,
            save("feed_id"),
            save("feed_url", "body.url"),
            save("feed_token", "body.url.match(/\\/ical\\/([^/]+)\\.ics$/)[1]"),
        ),
    ),
    Step(
        "ical-calendar",
        "15. Read the feed as a calendar would",
        status(
            200,
            "pm.test('a calendar with the seminar', () => pm.expect(pm.response.text()).to.include('BEGIN:VEVENT'));",
        ),
    ),
    Step(
        "webhooks-create",
        "16. Register a webhook to your receiver",
        status(
            201,
            save("webhook_id"),
            "pm.test('a signing secret', () => pm.expect(body.secret).to.be.a('string'));",
        ),
        body={"network_id": "{{network_id}}", "url": "{{webhookUrl}}", "description": "Postman"},
    ),
    Step(
        "webhooks-test",
        "17. Send the webhook a test ping",
        status(
            200,
            "pm.test('the receiver accepted it', () => pm.expect(body.status_code).to.be.within(200, 299));",
        ),
    ),
    Step(
        "notifications-get-all",
        "18. Read the network's notifications",
        status(
            200,
            "pm.test('the network was announced', () => pm.expect(body.data.map(n => n.type)).to.include('fi.vuosikello.network.created'));",
            save("notification_cursor", "body.next_cursor"),
        ),
        query={"network_id": "{{network_id}}"},
    ),
    Step(
        "notifications-get-all",
        "19. Poll for notifications since the cursor",
        status(200, "pm.test('nothing new yet', () => pm.expect(body.data).to.be.an('array'));"),
        query={"network_id": "{{network_id}}", "after": "{{notification_cursor}}"},
    ),
]
