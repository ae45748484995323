"""One item of the merged wheel timeline, with the key it sorts by."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class TimelineItem:
    sort_key: tuple[datetime, str, str]
    # An event occurrence, or a deadline occurrence or milestone (app/deadlines/timeline_items.py).
    public: Any
