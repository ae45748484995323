"""Helpers for reminder tests: a real SMTP server (aiosmtpd), the clock, the dispatcher."""

import asyncio
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.support import Api


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def reminder_id(self) -> str:
        return str(self.message["X-Vuosikello-Reminder"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()


@dataclass
class Mailbox:
    """What the SMTP server accepted; `delay` slows each DATA to catch a worker mid-send;
    addresses in `refused` get `550 no such user`, those in `deferred` `451` that many times."""

    received: list[Received] = field(default_factory=list)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    refused: set[str] = field(default_factory=set)
    deferred: dict[str, int] = field(default_factory=dict)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd
        if address.lower() in self.refused:
            return "550 no such user"
        with self.lock:
            if self.deferred.get(address.lower(), 0) > 0:
                self.deferred[address.lower()] -= 1
                return "451 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # the aiosmtpd hook name
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message)  # type: ignore[arg-type]
            )
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.received.clear()

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting")


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
    from app.core.config import get_settings
    from app.core.db.session import get_database
    from app.reminders.dispatcher import Dispatcher

    dispatcher = Dispatcher(get_database(), get_settings().model_copy(update=overrides))
    try:
        return await dispatcher.drain()
    finally:
        await dispatcher.dispose()
