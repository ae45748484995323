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
