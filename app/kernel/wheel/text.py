"""The wheel's words in Finnish, Swedish and English, and how it writes times."""

from datetime import datetime, timedelta

LANGS = ("fi", "sv", "en")
MONTHS = {
    "fi": (
        "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu",
        "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
    ),
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
WORDS = {
    "fi": {
        "today": "Tänään", "week": "vk", "event": "tapahtuma", "deadline": "määräaika",
        "milestone": "välitavoite", "task": "tehtävä", "month": "Kuukausi", "date": "Päivä",
        "time": "Aika", "ring": "Kehä", "title": "Otsikko", "kind": "Laji", "status": "Tila",
        "partner": "Kumppani", "location": "Paikka", "wheel": "Vuosikello",
        "summary": "{n} kohdetta, {start}\u2013{end}. Kehät: {rings}.", "none": "ei kohteita",
        "legend": "Selite", "all_day": "koko päivä", "rings": "Kehät ulkoa sisään",
        "other": "Muut",
    },
    "sv": {
        "today": "I dag", "week": "v", "event": "evenemang", "deadline": "tidsfrist",
        "milestone": "delmål", "task": "uppgift", "month": "Månad", "date": "Datum",
        "time": "Tid", "ring": "Ring", "title": "Rubrik", "kind": "Typ", "status": "Status",
        "partner": "Partner", "location": "Plats", "wheel": "Årshjul",
        "summary": "{n} poster, {start}\u2013{end}. Ringar: {rings}.", "none": "inga poster",
        "legend": "Förklaring", "all_day": "hela dagen", "rings": "Ringar utifrån och in",
        "other": "Övrigt",
    },
    "en": {
        "today": "Today", "week": "wk", "event": "event", "deadline": "deadline",
        "milestone": "milestone", "task": "task", "month": "Month", "date": "Date",
        "time": "Time", "ring": "Ring", "title": "Title", "kind": "Kind", "status": "Status",
        "partner": "Partner", "location": "Location", "wheel": "Annual wheel",
        "summary": "{n} items, {start}\u2013{end}. Rings: {rings}.", "none": "no items",
        "legend": "Legend", "all_day": "all day", "rings": "Rings from outside in",
        "other": "Other",
    },
}  # fmt: skip


def word(lang: str, key: str) -> str:
    return WORDS[lang][key]


def day(value: datetime) -> str:
    """Finnish-style date, which also reads in Swedish and English: 6.10.2027."""
    return f"{value.day}.{value.month}.{value.year}"


def when(start: datetime, end: datetime, all_day: bool, lang: str) -> tuple[str, str]:
    """(date, time) as a person reads them; an all-day item's end is exclusive."""
    if all_day:
        last = end - timedelta(days=1) if end > start else start
        dates = day(start) if last.date() == start.date() else f"{day(start)}\u2013{day(last)}"
        return dates, word(lang, "all_day")
    if end <= start:
        return day(start), f"{start:%H:%M}"
    if end.date() == start.date():
        return day(start), f"{start:%H:%M}\u2013{end:%H:%M}"
    return f"{day(start)}\u2013{day(end)}", f"{start:%H:%M}\u2013{end:%H:%M}"
