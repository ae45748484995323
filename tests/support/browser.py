"""Headless Chromium (Debian's /usr/bin/chromium, no browser download) driven by Playwright:
the one browser driver of the suite."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, sync_playwright

TIMEOUT_MS = 30_000


def chromium_path() -> str:
    """Debian's chromium; the test is skipped without it, except in CI where it must be."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "Debian's chromium is missing (tests/run.sh installs it in CI)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium; closed afterwards."""
    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=["--no-sandbox"], timeout=TIMEOUT_MS
        )
        try:
            yield browser
        finally:
            browser.close()
