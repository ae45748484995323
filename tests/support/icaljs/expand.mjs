// Expands a calendar with ical.js (the parser inside Thunderbird) and prints its occurrences
// as JSON: node expand.mjs FROM TO < feed.ics  (FROM/TO: ISO dates, UTC window on the start).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [from, to] = process.argv.slice(2);
const text = readFileSync(0, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const tz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(tz);
}
const fromTime = ICAL.Time.fromDateTimeString(from + "T00:00:00Z");
const toTime = ICAL.Time.fromDateTimeString(to + "T00:00:00Z");
const byUid = new Map();
for (const vevent of root.getAllSubcomponents("vevent")) {
  const uid = vevent.getFirstPropertyValue("uid");
  if (!byUid.has(uid)) byUid.set(uid, []);
  byUid.get(uid).push(vevent);
}
const utc = (t) => (t.isDate ? t.toString() : t.convertToZone(ICAL.Timezone.utcTimezone).toString());
const local = (t) => t.toString().replace("Z", "");
const out = [];
for (const [uid, comps] of byUid) {
  const master = comps.find((c) => !c.hasProperty("recurrence-id"));
  const event = new ICAL.Event(master);
  for (const c of comps) if (c !== master) event.relateException(new ICAL.Event(c));
  const push = (details) => {
    const item = details.item;
    const start = details.startDate;
    if (start.compare(fromTime) < 0 || start.compare(toTime) >= 0) return;
    out.push({
      uid,
      recurrence_id: local(details.recurrenceId),
      start: utc(start),
      end: utc(details.endDate),
      status: (item.component.getFirstPropertyValue("status") || "CONFIRMED").toUpperCase(),
      title: item.summary,
      description: item.description,
      location: item.location,
      alarms: item.component.getAllSubcomponents("valarm").map((alarm) => {
        const trigger = alarm.getFirstProperty("trigger");
        return [
          String(alarm.getFirstPropertyValue("action")).toUpperCase(),
          trigger.getFirstValue().toSeconds(),
          String(trigger.getParameter("related") || "START").toUpperCase(),
        ];
      }),
    });
  };
  if (!event.isRecurring()) {
    push({ item: event, startDate: event.startDate, endDate: event.endDate, recurrenceId: event.startDate });
    continue;
  }
  const it = event.iterator();
  let next;
  let guard = 0;
  while ((next = it.next()) && guard++ < 100000) {
    const details = event.getOccurrenceDetails(next);
    if (next.compare(toTime) >= 0 && details.startDate.compare(toTime) >= 0) {
      // moved occurrences can come from later originals: look a little further
      if (next.year > toTime.year + 1) break;
    }
    push(details);
  }
}
process.stdout.write(JSON.stringify(out));
