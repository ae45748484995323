"""The import report says in words what is wrong with an event, never a Python exception's
text ("combine() argument 1 must be datetime.date, not str")."""

import uuid

import pytest

PYTHON_TEXT = ("argument", "datetime.", "operand", "NoneType", "object", "vDDD", "vBroken",
               "Traceback", "Error")  # fmt: skip

CASES = [
    ("DTSTART;VALUE=DATE:2027-03-28", "DTSTART"),
    ("DTSTART:garbage", "DTSTART"),
    ("DTSTART:20271399T090000", "DTSTART"),
    ("DTSTART:20270328T090000\r\nDTEND:nonsense", "DTEND"),
    ("DTSTART:20270328T090000\r\nDURATION:xx", "DURATION"),
    ("DTSTART:20270328T090000\r\nEXDATE:abc", "EXDATE"),
    ("DTSTART:20270328T090000\r\nRRULE:FREQ=DAILY;UNTIL=zz", "RRULE"),
]


def _calendar(*events: tuple[str, str]) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Tapahtuma\r\n{props}\r\nEND:VEVENT\r\n"
        for uid, props in events
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body + "END:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(("props", "property_name"), CASES)
async def test_an_unreadable_value_is_named_in_plain_words(
    coordinator, network, props, property_name
):
    good, bad = f"good-{uuid.uuid4().hex}", f"bad-{uuid.uuid4().hex}"
    response = await coordinator.post(
        f"/v1/networks/{network['id']}/import",
        content=_calendar((good, "DTSTART;TZID=Europe/Helsinki:20270401T090000"), (bad, props)),
        headers={"Content-Type": "text/calendar"},
    )
    assert response.status_code == 200, response.text
    items = {item["uid"]: item for item in response.json()["items"]}
    assert items[good]["result"] == "created"
    assert items[bad]["result"] == "rejected"
    reason = items[bad]["reason"]
    assert property_name in reason, reason
    for text in PYTHON_TEXT:
        assert text not in reason, reason
