"""Keep feed tokens out of logs: the URL is the credential, and access logs print paths."""

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

# Everything after /ical/: a mistyped feed URL (without .ics) still holds a real token.
_FEED_URL = re.compile(r"/ical/[^\s\"?]+")
REDACTED = "/ical/[redacted]"


def redact(text: str) -> str:
    return _FEED_URL.sub(REDACTED, text)


class RedactFeedTokens(logging.Filter):
    """Rewrites a record's message and arguments (uvicorn passes the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the filter on every handler, and the app's own
    logger ("vuosikello") sent through the same handlers."""

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_feed_tokens"] = {"()": RedactFeedTokens}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_feed_tokens")
    config["loggers"]["vuosikello"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
