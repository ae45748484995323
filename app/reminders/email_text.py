"""Reminder email text in Finnish, Swedish and English. Pure: no database, no clock."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
    "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


class Wording(TypedDict):
    """One language's words for a reminder email."""

    subject: str
    intro: str
    when: str
    left: str
    past: str
    link: str
    units: tuple[str, str, str, str, str, str]
    clock: str


TEXT: dict[str, Wording] = {
    "fi": {
        "subject": "Muistutus: {title}, {when}",
        "intro": "Muistutus vuosikellosta:",
        "when": "Aika",
        "left": "Aikaa jäljellä",
        "past": "Ajankohta on ohi",
        "link": "Lisätiedot",
        "units": ("päivä", "päivää", "tunti", "tuntia", "minuutti", "minuuttia"),
        "clock": "klo",
    },
    "sv": {
        "subject": "Påminnelse: {title}, {when}",
        "intro": "Påminnelse från årshjulet:",
        "when": "Tid",
        "left": "Tid kvar",
        "past": "Tidpunkten har passerat",
        "link": "Mer information",
        "units": ("dag", "dagar", "timme", "timmar", "minut", "minuter"),
        "clock": "kl.",
    },
    "en": {
        "subject": "Reminder: {title}, {when}",
        "intro": "A reminder from the annual wheel:",
        "when": "When",
        "left": "Time left",
        "past": "The time has passed",
        "link": "Details",
        "units": ("day", "days", "hour", "hours", "minute", "minutes"),
        "clock": "at",
    },
}


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def local_time(instant: datetime, timezone: str, all_day: bool, language: str) -> str:
    """'ti 6.10.2027 klo 9.00' / 'tis 6.10.2027 kl. 9.00' / 'Tue 6.10.2027 at 9:00'."""
    local = instant.astimezone(ZoneInfo(timezone))
    day = f"{WEEKDAYS[language][local.weekday()]} {local.day}.{local.month}.{local.year}"
    if all_day:
        return day
    separator = ":" if language == "en" else "."
    return f"{day} {TEXT[language]['clock']} {local.hour}{separator}{local.minute:02d}"


def remaining(seconds: float, language: str) -> str:
    units = TEXT[language]["units"]
    minutes = max(0, round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    for value, singular, plural in ((days, *units[0:2]), (hours, *units[2:4])):
        if value:
            parts.append(f"{value} {singular if value == 1 else plural}")
    if minutes or not parts:
        parts.append(f"{minutes} {units[4] if minutes == 1 else units[5]}")
    return " ".join(parts)


def compose(
    *,
    title: str,
    item_at: datetime,
    timezone: str,
    all_day: bool,
    now: datetime,
    link: str,
    language: str = "fi",
) -> Message:
    language = language if language in TEXT else "fi"
    text = TEXT[language]
    when = local_time(item_at, timezone, all_day, language)
    seconds = (item_at - now).total_seconds()
    left = f"{text['left']}: {remaining(seconds, language)}" if seconds > 0 else text["past"]
    body = (
        f"{text['intro']}\n\n{title}\n{text['when']}: {when} ({timezone})\n{left}\n\n"
        f"{text['link']}: {link}\n"
    )
    return Message(subject=text["subject"].format(title=title, when=when), body=body)
