"""The one clock of reminders, tasks and the worker, so tests can move time and nothing else.

`now()` is the real UTC time unless one of these is set:
- `freeze(instant)` in this process (in-process tests);
- `VUOSIKELLO_CLOCK_FILE`: a file holding an RFC 3339 instant, re-read on every call, so a test
  can move the time of separate worker processes while they run;
- `VUOSIKELLO_CLOCK_OFFSET_SECONDS`: real time shifted by a fixed offset.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

_frozen: datetime | None = None


def now() -> datetime:
    if _frozen is not None:
        return _frozen
    clock_file = os.environ.get("VUOSIKELLO_CLOCK_FILE")
    if clock_file:
        try:
            text = Path(clock_file).read_text().strip()
        except OSError:
            text = ""
        if text:
            return datetime.fromisoformat(text).astimezone(UTC)
    offset = os.environ.get("VUOSIKELLO_CLOCK_OFFSET_SECONDS")
    real = datetime.now(UTC)
    return real + timedelta(seconds=float(offset)) if offset else real


def set_frozen(instant: datetime | None) -> None:
    global _frozen
    _frozen = instant.astimezone(UTC) if instant is not None else None


@contextmanager
def freeze(instant: datetime) -> Iterator[None]:
    """Stop this process's clock at `instant` for the block."""
    previous = _frozen
    set_frozen(instant)
    try:
        yield
    finally:
        set_frozen(previous)
