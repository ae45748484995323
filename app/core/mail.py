"""Email over real SMTP for reminders and webhook owners (smtplib in a thread: nothing blocking
inside `async def`)."""

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from app.core.config import Settings


class MailError(Exception):
    """A send that did not go through; the message says why."""


class Deferred(MailError):
    """The server refused one message for now (a 4xx reply): other messages still go, and
    this one may go through later."""


class Refused(MailError):
    """The server refused one message for good (a 5xx reply, e.g. 550 no such user): other
    messages on the connection still go, and a retry would not help this one."""


def build(
    settings: Settings, to_name: str, to_address: str, subject: str, body: str, reminder_id: str
) -> EmailMessage:
    message = EmailMessage()
    # Lets a mail system (and the tests) tell a resend of one reminder from another reminder.
    message["X-Vuosikello-Reminder"] = reminder_id
    message["From"] = settings.smtp_from
    message["To"] = formataddr((to_name, to_address))
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="vuosikello")
    message.set_content(body)
    return message


def _send(settings: Settings, messages: list[EmailMessage]) -> None:
    if not settings.smtp_host:
        raise MailError("SMTP is not configured (VUOSIKELLO_SMTP_HOST)")
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The reason is recorded on the reminder; it names no secret.
        raise MailError(f"{exc.__class__.__name__}: {exc}"[:500]) from exc


async def send(settings: Settings, messages: list[EmailMessage]) -> None:
    await asyncio.to_thread(_send, settings, messages)


def _reply(code: int, text: bytes | str) -> str:
    # The server's code and words only: smtplib's own message repeats the address.
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {words}"[:500]


class Connection:
    """One SMTP connection sending messages one at a time, so the caller can record each
    acceptance before the next message: `async with Connection(settings) as smtp`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        settings = self.settings
        if not settings.smtp_host:
            raise MailError("SMTP is not configured (VUOSIKELLO_SMTP_HOST)")
        try:
            smtp = smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
            )
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"{exc.__class__.__name__}: {exc}"[:500]) from exc
        return smtp

    def _send_one(self, message: EmailMessage) -> None:
        assert self.smtp is not None
        try:
            self.smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            error = Refused if code >= 500 else Deferred
            raise error(_reply(code, text)) from exc
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            error = Refused if exc.smtp_code >= 500 else Deferred
            raise error(_reply(exc.smtp_code, exc.smtp_error)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"{exc.__class__.__name__}: {exc}"[:500]) from exc

    def _close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()

    async def __aenter__(self) -> "Connection":
        self.smtp = await asyncio.to_thread(self._open)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self._close)

    async def send(self, message: EmailMessage) -> None:
        """Send one message: `Refused` or `Deferred` when the server refused it for good or
        for now, `MailError` when the connection failed (the rest waits for a retry)."""
        await asyncio.to_thread(self._send_one, message)
