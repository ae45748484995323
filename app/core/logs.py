"""Keep credentials out of every log line.

What a line may carry that is a credential: a feed or wheel embed URL's token (the path is
the secret),
a token-looking query parameter a client put in a URL (`?access_token=...`), an outgoing
request's URL (httpx logs every webhook delivery, and a webhook URL often holds its
receiver's secret in the path or query: `/hook?token=...`, Slack-style `/services/...`),
user info in a URL, a bearer token or a JWT, a webhook signing secret. `redact` rewrites them
all; `RedactSecrets` applies it to a record's message, arguments and traceback, and
`install` puts it on the loggers and handlers that print request lines.
"""

import logging
import re

REDACTED = "[redacted]"

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # An absolute URL keeps only its origin: the path and query of a webhook are its secret.
    (
        re.compile(r"\b(https?|wss?)://(?:[^\s\"'/@?#]*@)?([^\s\"'/?#]+)[/?#][^\s\"']*", re.I),
        rf"\1://\2/{REDACTED}",
    ),
    (re.compile(r"\b(https?|wss?)://[^\s\"'/@?#]*@", re.I), rf"\1://{REDACTED}@"),
    # Everything after /ical/: a mistyped feed URL (without .ics) still holds a real token.
    (re.compile(r"/ical/[^\s\"?]+"), f"/ical/{REDACTED}"),
    # A wheel embed's URL is its token too (/wheel/<embed_token>).
    (re.compile(r"/wheel/[^\s\"?]+"), f"/wheel/{REDACTED}"),
    # A query parameter whose name says it is a credential.
    (
        re.compile(
            r"([?&;][^=&\s\"#]*(?:token|secret|key|pass|pwd|sig|auth|code|session|jwt|"
            r"assertion|credential)[^=&\s\"#]*=)[^&\s\"#]*",
            re.I,
        ),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*", re.I), rf"\1 {REDACTED}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), REDACTED),
    (re.compile(r"\bwhsec_[A-Za-z0-9+/=_-]+"), f"whsec_{REDACTED}"),
)

# Loggers that print URLs of requests, in and out.
URL_LOGGERS = ("httpx", "httpcore", "uvicorn.access", "uvicorn.error", "uvicorn")


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def _redact_arg(arg: object) -> object:
    if isinstance(arg, str):
        return redact(arg)
    if arg is None or isinstance(arg, int | float | bool):
        return arg
    # httpx passes its URL object: compare as text, keep the object when nothing changes.
    text = str(arg)
    redacted = redact(text)
    return arg if redacted == text else redacted


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, arguments (uvicorn's access log passes the path as one,
    httpx the URL) and traceback text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install() -> None:
    """The filter on the URL-printing loggers themselves (whatever handlers print them) and
    on the root logger's handlers (which print every propagating record)."""
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
