"""Pseudonymise stored text, pure: a person's name and address replaced wherever they occur."""

import hashlib
import re
import uuid
from typing import Any

ERASED_NAME = "Poistettu henkilö"
ERASED_EMAIL = "[poistettu]"


def pseudonym(person_id: uuid.UUID) -> str:
    """A stable display name for an erased person (stable, so erasure is idempotent)."""
    return f"{ERASED_NAME} {hashlib.sha256(person_id.bytes).hexdigest()[:4]}"


class Scrubber:
    """Replaces a person's full name (as a whole word run) and email (anywhere, any case)."""

    def __init__(self, name: str | None, email: str | None, replacement_name: str) -> None:
        patterns = []
        if email:
            patterns.append((re.compile(re.escape(email), re.IGNORECASE), ERASED_EMAIL))
        if name and name.strip():
            word = re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)", re.IGNORECASE)
            patterns.append((word, replacement_name))
        self.patterns = patterns

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        for pattern, replacement in self.patterns:
            value = pattern.sub(replacement, value)
        return value

    def value(self, value: Any) -> Any:
        """A copy of a JSON value with every string scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value
