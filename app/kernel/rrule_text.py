"""The text of an RRULE, before dateutil reads it."""


def normalise_rrule(text: str) -> str:
    """Canonical text of a user-supplied RRULE: no prefix, upper case, no spaces."""
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.replace(" ", "").upper()


def repeated_part(text: str) -> str | None:
    """The first RRULE part named twice (libical refuses it; dateutil keeps one), or None."""
    seen: set[str] = set()
    for part in normalise_rrule(text).split(";"):
        name = part.split("=", 1)[0]
        if not name:
            continue
        if name in seen:
            return name
        seen.add(name)
    return None
