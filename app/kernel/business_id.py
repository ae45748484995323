"""Finnish business id (Y-tunnus) check digit, as the Finnish Tax Administration defines it."""

import re

# ASCII digits only: \d would also accept, say, Arabic-Indic digits.
_FORMAT = re.compile(r"^([0-9]{6,7})-([0-9])$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def check_digit(body: str) -> int | None:
    """Check digit for seven digits, or None when no valid digit exists (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def normalise_business_id(value: str) -> str:
    """Validate a Y-tunnus and return it as NNNNNNN-C (old six-digit ids get a leading zero)."""
    match = _FORMAT.match(value.strip())
    if not match:
        raise ValueError("a business id (Y-tunnus) looks like 1234567-8")
    body = match.group(1).rjust(7, "0")
    expected = check_digit(body)
    if expected is None or expected != int(match.group(2)):
        raise ValueError("the check digit of this business id (Y-tunnus) is wrong")
    return f"{body}-{match.group(2)}"
