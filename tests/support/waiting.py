"""Polling with a deadline, for things that happen in another thread or process."""

import time


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    """The first truthy value of `predicate()`, or an AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting")
