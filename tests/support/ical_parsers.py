"""Four independent iCalendar parsers, each reduced to the same occurrence records.

A record is (uid, recurrence_id, start, end, status, title): recurrence_id is the original local
start as the API names it, start/end are UTC (`...Z`) or dates for all-day items. Only
occurrences starting in [start_day, end_day) (UTC dates) are kept. With `alarms=True` a record
has a seventh field: the occurrence's VALARMs as sorted (action, trigger seconds, related).
"""

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

HERE = Path(__file__).resolve().parent
ICALJS = HERE / "icaljs"
SYSTEM_PYTHON = "/usr/bin/python3"
Record = tuple[str, str, str, str, str, str]


def _stamp(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rid(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.replace(tzinfo=None).isoformat()


def _keep(records: list, start_day: str, end_day: str) -> list:
    return sorted(r for r in records if start_day <= r[2][:10] < end_day)


def _seconds(delta: timedelta) -> int:
    return int(delta.total_seconds())


def with_icalendar(ics: bytes, start_day: str, end_day: str, alarms: bool = False) -> list:
    """python `icalendar` + `recurring-ical-events`."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(ics)
    begin = date.fromisoformat(start_day) - timedelta(days=2)
    finish = date.fromisoformat(end_day) + timedelta(days=2)
    records = []
    for event in recurring_ical_events.of(calendar).between(begin, finish):
        rid_value = event.get("RECURRENCE-ID")
        original = rid_value.dt if rid_value is not None else event.decoded("DTSTART")
        record = (
            str(event["UID"]),
            _rid(original),
            _stamp(event.decoded("DTSTART")),
            _stamp(event.decoded("DTEND")),
            str(event.get("STATUS", "CONFIRMED")).upper(),
            str(event.get("SUMMARY")),
        )
        if alarms:
            found = []
            for alarm in event.walk("VALARM"):
                trigger = alarm["TRIGGER"]
                related = str(trigger.params.get("RELATED", "START")).upper()
                found.append((str(alarm["ACTION"]), _seconds(trigger.dt), related))
            record += (tuple(sorted(found)),)
        records.append(record)
    return _keep(records, start_day, end_day)


def with_ical(ics: bytes, start_day: str, end_day: str, alarms: bool = False) -> list:
    """allenporter's `ical` package."""
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(ics.decode())
    utc = ZoneInfo("UTC")
    begin = datetime.fromisoformat(start_day).replace(tzinfo=utc) - timedelta(days=2)
    finish = datetime.fromisoformat(end_day).replace(tzinfo=utc) + timedelta(days=2)
    records = []
    for event in calendar.timeline_tz(utc).overlapping(begin, finish):
        record = (
            event.uid,
            _ical_rid(event),
            _stamp(event.dtstart),
            _stamp(event.end),
            (event.status.value if event.status else "CONFIRMED").upper(),
            event.summary,
        )
        if alarms:
            found = []
            for alarm in event.alarm:
                assert isinstance(alarm.trigger, timedelta), alarm.trigger
                related = "START"
                for param in alarm.extras or ():
                    if getattr(param, "name", "").upper() == "RELATED":
                        related = str(param.value).upper()
                action = str(getattr(alarm.action, "value", alarm.action)).upper()
                found.append((action, _seconds(alarm.trigger), related))
            record += (tuple(sorted(found)),)
        records.append(record)
    return _keep(records, start_day, end_day)


def _ical_rid(event) -> str:
    rid = event.recurrence_id
    if rid is None:
        return _rid(event.dtstart)
    # `ical` names occurrences in iCal basic form, in the series' zone.
    text = str(rid)
    if "T" in text:
        return datetime.strptime(text[:15], "%Y%m%dT%H%M%S").isoformat()
    return datetime.strptime(text[:8], "%Y%m%d").date().isoformat()


def _json_records(raw: str, alarms: bool = False) -> list:
    records = []
    for o in json.loads(raw):
        record = (o["uid"], o["recurrence_id"], o["start"], o["end"], o["status"], o["title"])
        if alarms:
            record += (tuple(sorted(tuple(a) for a in o["alarms"])),)
        records.append(record)
    return records


def icaljs_ready() -> bool:
    return (ICALJS / "node_modules" / "ical.js").is_dir() and shutil.which("node") is not None


def with_icaljs(ics: bytes, start_day: str, end_day: str, alarms: bool = False) -> list:
    """ical.js, the parser inside Thunderbird, run by node."""
    if not icaljs_ready():
        if os.environ.get("CI") == "true":
            pytest.fail("ical.js is not installed: tests/run.sh runs `npm ci` in tests/icaljs")
        pytest.skip("ical.js not installed (run `npm ci` in tests/icaljs)")
    done = subprocess.run(
        ["node", str(ICALJS / "expand.mjs"), start_day, end_day],
        input=ics,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return _keep(_json_records(done.stdout.decode(), alarms), start_day, end_day)


def libical_ready() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def with_libical(ics: bytes, start_day: str, end_day: str, alarms: bool = False) -> list:
    """libical 3 (Evolution, KDE) through GObject introspection, in the system python."""
    if not libical_ready():
        if os.environ.get("CI") == "true":
            pytest.fail("libical is missing: tests/run.sh installs gir1.2-ical-3.0 in CI")
        pytest.skip("libical not available: apt-get install gir1.2-ical-3.0 python3-gi")
    done = subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "libical_expand.py"), start_day, end_day],
        input=ics,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return _keep(_json_records(done.stdout.decode(), alarms), start_day, end_day)


PARSERS = {
    "icalendar": with_icalendar,
    "ical": with_ical,
    "libical": with_libical,
    "icaljs": with_icaljs,
}


async def api_records(
    api, network_id: str, start_day: str, end_day: str, kind: str | None = None
) -> list[Record]:
    """The same records from /v1/occurrences (the truth the feed must match); `kind="event"`
    for event occurrences only."""
    begin = (date.fromisoformat(start_day) - timedelta(days=2)).isoformat()
    finish = (date.fromisoformat(end_day) + timedelta(days=2)).isoformat()
    uids: dict[str, str] = {}
    single: set[str] = set()
    records = []
    cursor = None
    while True:
        params = {"network_id": network_id, "from": begin, "to": finish, "limit": 500}
        if kind:
            params["kind"] = kind
        if cursor:
            params["cursor"] = cursor
        page = (await api.get("/v1/occurrences", params=params)).json()
        for o in page["data"]:
            if o["event_id"] not in uids:
                event = (await api.get(f"/v1/events/{o['event_id']}")).json()
                uids[o["event_id"]] = event["uid"]
                if not event.get("rrule"):
                    single.add(o["event_id"])

            def stamp(value: str) -> str:
                return value if len(value) == 10 else _stamp(datetime.fromisoformat(value))

            # A single item is one VEVENT without RECURRENCE-ID: a client names its one
            # occurrence by where it is now.
            rid = o["recurrence_id"]
            if o["event_id"] in single:
                rid = _rid(
                    datetime.fromisoformat(o["start"])
                    if len(o["start"]) > 10
                    else date.fromisoformat(o["start"])
                )
            records.append(
                (
                    uids[o["event_id"]],
                    rid,
                    stamp(o["start"]),
                    stamp(o["end"]),
                    o["status"].upper(),
                    o["title"],
                )
            )
        cursor = page["next_cursor"]
        if not cursor:
            break
    return _keep(records, start_day, end_day)
