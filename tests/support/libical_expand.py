"""Expand a calendar with libical (through GObject introspection) and print its occurrences.

Run by the system python3 (which has python3-gi), not the project venv:
    /usr/bin/python3 tests/support/libical_expand.py FROM TO < feed.ics   (FROM/TO: ISO dates, UTC)
"""

import json
import sys
from collections import defaultdict

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402

UTC = I.Timezone.get_utc_timezone()


def iso(t):
    if t.is_date():
        return f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}"
    return (
        f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}T"
        f"{t.get_hour():02d}:{t.get_minute():02d}:{t.get_second():02d}"
    )


def utc(t):
    if t.is_date():
        return iso(t)
    return iso(t.convert_to_zone(UTC)) + "Z"


def text(comp, kind):
    prop = comp.get_first_property(kind)
    return None if prop is None else prop.get_value().get_string()


def status(comp):
    prop = comp.get_first_property(I.PropertyKind.STATUS_PROPERTY)
    if prop is None:
        return "CONFIRMED"
    return prop.as_ical_string().strip().split(":", 1)[1].strip().upper()


def alarms(comp):
    """(ACTION, TRIGGER seconds, RELATED) of each VALARM inside the component."""
    found = []
    alarm = comp.get_first_component(I.ComponentKind.VALARM_COMPONENT)
    while alarm is not None:
        action = alarm.get_first_property(I.PropertyKind.ACTION_PROPERTY)
        prop = alarm.get_first_property(I.PropertyKind.TRIGGER_PROPERTY)
        trigger = prop.get_trigger()
        related = prop.get_first_parameter(I.ParameterKind.RELATED_PARAMETER)
        found.append(
            [
                action.as_ical_string().strip().split(":", 1)[1].strip().upper(),
                trigger.get_duration().as_int(),
                "START" if related is None else related.as_ical_string().split("=")[1].strip(),
            ]
        )
        alarm = comp.get_next_component(I.ComponentKind.VALARM_COMPONENT)
    return found


def details(comp):
    return {
        "status": status(comp),
        "title": comp.get_summary(),
        "description": comp.get_description(),
        "location": comp.get_location(),
        "alarms": alarms(comp),
    }


def shifted(t, seconds):
    out = t.clone()
    if out.is_date():
        out.adjust(seconds // 86400, 0, 0, 0)
    else:
        out.adjust(0, 0, 0, seconds)
    return out


def main():
    start_window, end_window = sys.argv[1], sys.argv[2]
    cal = I.Component.new_from_string(sys.stdin.read())
    by_uid = defaultdict(list)
    comp = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while comp is not None:
        by_uid[comp.get_uid()].append(comp)
        comp = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    out = []
    for uid, comps in by_uid.items():
        master = next(
            c for c in comps if c.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY) is None
        )
        overrides = {iso(c.get_recurrenceid()): c for c in comps if c is not master}
        dtstart, dtend = master.get_dtstart(), master.get_dtend()
        # Wall-clock length, as RFC 5545 adds a DTEND-DTSTART duration to local times.
        length = I.Time.as_timet(dtend) - I.Time.as_timet(dtstart)
        exdates = set()
        prop = master.get_first_property(I.PropertyKind.EXDATE_PROPERTY)
        while prop is not None:
            exdates.add(iso(prop.get_exdate()))
            prop = master.get_next_property(I.PropertyKind.EXDATE_PROPERTY)
        rrule = master.get_first_property(I.PropertyKind.RRULE_PROPERTY)
        if rrule is None:
            originals = [dtstart]
        else:
            originals = []
            iterator = I.RecurIterator.new(rrule.get_rrule(), dtstart)
            while True:
                t = iterator.next()
                if t is None or t.is_null_time() or t.get_year() > int(end_window[:4]) + 1:
                    break
                if not t.is_date():
                    t.set_timezone(dtstart.get_timezone())
                originals.append(t)
        for original in originals:
            rid = iso(original)
            if rid in exdates:
                continue
            inst = overrides.get(rid)
            if inst is not None:
                start, end, info = inst.get_dtstart(), inst.get_dtend(), details(inst)
            else:
                start, end, info = original, shifted(original, length), details(master)
            start_utc = utc(start)
            if not (start_window <= start_utc[:10] < end_window):
                continue
            out.append(
                {"uid": uid, "recurrence_id": rid, "start": start_utc, "end": utc(end), **info}
            )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
