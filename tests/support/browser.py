"""Headless Chromium (Debian's /usr/bin/chromium) driven over the DevTools protocol with the
websockets library: enough to open a page, run JavaScript in it and wait for a condition."""

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import websockets

from tests.support.ports import free_port
from tests.support.servers import stop

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab: `evaluate` runs an expression and returns its value."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.next_id = 0

    async def send(self, method: str, **params) -> dict:
        self.next_id += 1
        await self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.recv(), timeout=60))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]

    async def evaluate(self, expression: str):
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 60, explain: str = ""):
        """Poll `expression` until it is truthy; its value. On a timeout the failure shows the
        value of `explain` (e.g. the text of the dialog that should have changed)."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                shown = await self.evaluate(explain) if explain else ""
                raise AssertionError(f"not within {timeout:.0f} s: {expression}\n{shown}")
            await asyncio.sleep(0.2)


@asynccontextmanager
async def chromium_page(url: str, timeout: float = 60) -> AsyncIterator[Page]:
    """A headless Chromium showing `url`; stopped afterwards."""
    assert CHROMIUM, "chromium is not installed (tests/run.sh installs it in CI)"
    port = free_port()
    profile = tempfile.mkdtemp(prefix="vuosikello-chromium-")
    process = subprocess.Popen(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-dev-shm-usage", f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}", "about:blank",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as devtools:
            while True:
                try:
                    targets = (await devtools.get("/json/list", timeout=2)).json()
                    pages = [t for t in targets if t["type"] == "page"]
                    if pages:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "chromium did not start"
                await asyncio.sleep(0.2)
        async with websockets.connect(pages[0]["webSocketDebuggerUrl"], max_size=None) as ws:
            page = Page(ws)
            await page.send("Page.enable")
            await page.send("Page.navigate", url=url)
            yield page
    finally:
        stop(process)
        shutil.rmtree(profile, ignore_errors=True)
