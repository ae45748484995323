"""Fixtures of the event tests: a weekly series across the spring DST change."""

import pytest

from tests.support.events import make_event


@pytest.fixture
async def weekly(coordinator, network) -> dict:
    """Four Sunday meetings 09:00-10:30, 22 March to 12 April 2026 (DST starts 29 March)."""
    return await make_event(
        coordinator,
        network,
        title="Viikkopalaveri",
        location="Oulu",
        category="Kokoukset",
        start="2026-03-22T09:00:00",
        end="2026-03-22T10:30:00",
        rrule="FREQ=WEEKLY;COUNT=4",
    )
