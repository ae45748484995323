"""Reminder rows through HTTP, and the real dispatcher run in this process."""

from app.core.config import get_settings
from app.core.db.session import get_database
from app.reminders.dispatcher import Dispatcher
from tests.support.api import Api


async def reminders_of(api: Api, **params) -> list[dict]:
    """Every reminder row matching the filters (all pages)."""
    rows, cursor = [], None
    while True:
        query = {**params, "limit": 500}
        if cursor:
            query["cursor"] = cursor
        response = await api.get("/v1/reminders", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["data"]
        cursor = body["next_cursor"]
        if not cursor:
            return rows


async def dispatch(**overrides) -> int:
    """Run the real dispatcher in this process (the clock is whatever the test froze)."""
    dispatcher = Dispatcher(get_database(), get_settings().model_copy(update=overrides))
    try:
        return await dispatcher.drain()
    finally:
        await dispatcher.dispose()
