"""Keep feed tokens (and every other credential) out of the server's logs: the feed URL is
the credential, and access logs print paths. The rules are app.core.logs'."""

import copy
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from app.core.logs import URL_LOGGERS, RedactSecrets, redact

REDACTED = "/ical/[redacted]"
RedactFeedTokens = RedactSecrets  # the name this module has always exported

__all__ = ["REDACTED", "RedactFeedTokens", "log_config", "redact"]


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the filter on every handler and on the loggers
    that print URLs, and the app's own logger ("vuosikello") sent through the same handlers."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_feed_tokens"] = {"()": RedactSecrets}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_feed_tokens")
    loggers = config["loggers"]
    for name in URL_LOGGERS:
        loggers.setdefault(name, {}).setdefault("filters", []).append("redact_feed_tokens")
    loggers["vuosikello"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
