"""Structured logs: one JSON object a line, with the request id of the request being handled."""

import copy
import json
import logging
from datetime import UTC, datetime
from typing import Any

from app.core.requests import current_request_id

# Fields a record may carry through `extra=` that belong in the line.
FIELDS = ("method", "route", "status", "duration_ms", "client_id", "job", "count")


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...}`; filters (redaction) have
    already rewritten the record's message and arguments before this formats it."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = current_request_id()
        if rid:
            line["request_id"] = rid
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def as_json(config: dict[str, Any]) -> dict[str, Any]:
    """A logging dictConfig (uvicorn's, with whatever filters it has) with every formatter
    replaced by JsonFormatter; handlers and their filters are kept as they are."""
    config = copy.deepcopy(config)
    config["formatters"] = {
        name: {"()": f"{__name__}.JsonFormatter"} for name in config.get("formatters", {})
    }
    return config


def configure(level: int = logging.INFO) -> None:
    """JSON lines on stderr for a process without uvicorn's configuration (the worker)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
