"""What must hold after a run under faults, read back through the public interface: writes
acknowledged and kept, reminders sent once, webhook deliveries once and in order (apart from
at-least-once redeliveries with the same webhook-id), feeds equal to the timeline.

Each check returns its findings (empty: it holds), so the test asserts them and the benchmark
counts them."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tests.support.api import Api
from tests.support.ical_parsers import api_records, with_icalendar
from tests.support.receiver import Receiver
from tests.support.reminders import reminders_of
from tests.support.smtp import Mailbox

REMINDER_DUE = "fi.vuosikello.reminder.due"


async def lost_writes(api: Api, acknowledged: dict[str, str]) -> list[str]:
    """Acknowledged writes that are not there (or not as acknowledged)."""
    lost = []
    for path, title in acknowledged.items():
        response = await api.get(path)
        body = response.json() if response.status_code == 200 else {}
        if title not in (body.get("title"), body.get("name")):
            lost.append(f"{path}: {response.status_code} {body.get('title', body.get('name'))}")
    return lost


async def duplicated_events(api: Api, network_id: str) -> list[str]:
    """Load events created twice (a retried POST that was not idempotent)."""
    titles: Counter = Counter()
    cursor = None
    while True:
        params: dict[str, Any] = {"network_id": network_id, "category": "Kuorma", "limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = (await api.get("/v1/events", params=params)).json()
        titles.update(event["title"] for event in page["data"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    return [title for title, count in titles.items() if count > 1 and "(nimetty)" not in title]


async def notifications_after(api: Api, network_id: str, after: str | None) -> list[dict]:
    """The polling feed of a network from a cursor (None: from the start), in commit order."""
    events: list[dict] = []
    while True:
        params = {"network_id": network_id, "limit": 500}
        if after:
            params["after"] = after
        response = await api.get("/v1/notifications", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        events += page["data"]
        if not page["data"]:
            return events
        after = page["next_cursor"]


async def feed_cursor(api: Api, network_id: str) -> str | None:
    """The polling cursor after everything committed so far."""
    cursor = None
    while True:
        params = {"network_id": network_id, "limit": 500}
        if cursor:
            params["after"] = cursor
        page = (await api.get("/v1/notifications", params=params)).json()
        if not page["data"]:
            return cursor
        cursor = page["next_cursor"]


@dataclass
class Deliveries:
    """One endpoint's deliveries against the notifications it should have had."""

    expected: int = 0
    delivered: int = 0  # distinct webhook-ids answered 2xx
    redelivered: int = 0  # 2xx deliveries of an id already delivered (at-least-once)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    out_of_order: bool = False
    changed_redeliveries: list[str] = field(default_factory=list)  # same id, other body

    @property
    def faults(self) -> list[str]:
        found = [f"missing {m}" for m in self.missing] + [
            f"unexpected {u}" for u in self.unexpected
        ]
        found += [f"redelivery with another body {c}" for c in self.changed_redeliveries]
        return found + (["out of order"] if self.out_of_order else [])


def deliveries(receiver: Receiver, network_id: str, expected: list[dict]) -> Deliveries:
    """The receiver's 2xx deliveries of one network's endpoint, deduplicated by webhook-id."""
    source = f"/v1/networks/{network_id}"
    first_seen: dict[str, bytes] = {}
    result = Deliveries(expected=len(expected))
    for received in receiver.received:
        if received.status >= 300 or json.loads(received.body)["source"] != source:
            continue
        msg_id = received.headers["webhook-id"]
        if msg_id in first_seen:
            result.redelivered += 1
            if first_seen[msg_id] != received.body:
                result.changed_redeliveries.append(msg_id)
            continue
        first_seen[msg_id] = received.body
    ids = [event["id"] for event in expected]
    got = list(first_seen)
    result.delivered = len(got)
    result.missing = [i for i in ids if i not in first_seen]
    result.unexpected = [i for i in got if i not in set(ids)]
    in_both = [i for i in got if i in set(ids)]
    result.out_of_order = in_both != [i for i in ids if i in first_seen]
    return result


@dataclass
class Reminders:
    due: int = 0
    sent: int = 0
    emails: int = 0
    not_sent: list[str] = field(default_factory=list)
    # (reminder id, recipient) received more than once: SMTP has no idempotency, so a worker
    # that dies (or loses the database) between the server's 250 and recording it sends again.
    emailed_twice: list[str] = field(default_factory=list)
    email_redeliveries: int = 0
    emails_missing: list[str] = field(default_factory=list)
    notified_twice: list[str] = field(default_factory=list)
    notifications_missing: list[str] = field(default_factory=list)

    @property
    def faults(self) -> list[str]:
        return (
            [f"not sent {r}" for r in self.not_sent]
            + [f"email missing {r}" for r in self.emails_missing]
            + [f"notified twice {r}" for r in self.notified_twice]
            + [f"notification missing {r}" for r in self.notifications_missing]
        )


async def reminders_due(
    api: Api, network_ids: list[str], until: datetime, mailbox: Mailbox, feeds: dict[str, list]
) -> Reminders:
    """Every reminder of the networks due by `until` sent exactly once: recorded sent, an
    email for each accepted recipient (redeliveries counted apart), one reminder.due
    notification (`feeds`: each network's notifications)."""
    result = Reminders()
    mails = Counter((m.reminder_id, tuple(sorted(m.recipients))) for m in mailbox.snapshot())
    mails_per_reminder: Counter = Counter()
    for (reminder_id, _), count in mails.items():
        mails_per_reminder[reminder_id] += count
        if count > 1:
            result.emailed_twice.append(reminder_id)
            result.email_redeliveries += count - 1
    notified: Counter = Counter()
    for events in feeds.values():
        notified.update(
            e["subject"].rsplit("/", 1)[-1] for e in events if e["type"] == REMINDER_DUE
        )
    for network_id in network_ids:
        for row in await reminders_of(api, network_id=network_id, due_to=until.isoformat()):
            if row["status"] == "cancelled" or datetime.fromisoformat(row["due_at"]) > until:
                continue
            result.due += 1
            if row["status"] != "sent":
                result.not_sent.append(f"{row['id']} {row['status']} {row['due_at']}")
                continue
            result.sent += 1
            if "email" in row["channels"]:
                accepted = [d for d in row["deliveries"] if d["status"] == "accepted"]
                result.emails += mails_per_reminder[row["id"]]
                if mails_per_reminder[row["id"]] < len(accepted):
                    result.emails_missing.append(row["id"])
            if "notification" in row["channels"]:
                if notified[row["id"]] == 0:
                    result.notifications_missing.append(row["id"])
                elif notified[row["id"]] > 1:
                    result.notified_twice.append(row["id"])
    return result


async def feed_differences(
    api: Api, http: Any, network_id: str, token: str, start_day: str, end_day: str
) -> list[str]:
    """The network feed's event occurrences against the timeline's, both through the proxy."""
    response = await http.get(f"/ical/{token}.ics")
    assert response.status_code == 200, response.status_code
    in_feed = [
        r
        for r in with_icalendar(response.content, start_day, end_day)
        if not r[0].startswith(("deadline-", "task-", "milestone-"))
    ]
    on_timeline = await api_records(api, network_id, start_day, end_day, kind="event")
    only_feed = sorted(set(in_feed) - set(on_timeline))
    only_timeline = sorted(set(on_timeline) - set(in_feed))
    return [f"feed only {r}" for r in only_feed] + [f"timeline only {r}" for r in only_timeline]


def group_by_network(events: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        grouped[event["source"].rsplit("/", 1)[-1]].append(event)
    return grouped
