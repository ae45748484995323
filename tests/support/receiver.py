"""A real HTTP receiver on loopback for webhook tests: scripted answers, delays, outages."""

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int = 200  # what the receiver answered


@dataclass
class Receiver:
    answers: deque = field(default_factory=deque)  # (status, headers) to use before default
    default_status: int = 200
    delay: float = 0.0
    after_response: Callable[[Received], None] | None = None
    received: list[Received] = field(default_factory=list)
    reply: bytes = b'{"ok": true}'  # the response body (a receiver may echo what it got)
    port: int = 0
    _server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/vuosikello"

    async def start(self) -> "Receiver":
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Take the receiver down: connections are refused until `start()` again."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def ids(self) -> list[str]:
        return [r.headers["webhook-id"] for r in self.received]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            if self.delay:
                await asyncio.sleep(self.delay)
            status, extra = self.answers.popleft() if self.answers else (self.default_status, {})
            received = Received(headers, body, status)
            self.received.append(received)
            payload = self.reply
            response = [
                f"HTTP/1.1 {status} X",
                f"Content-Length: {len(payload)}",
                "Connection: close",
            ]
            response += [f"{k}: {v}" for k, v in extra.items()]
            writer.write(("\r\n".join(response) + "\r\n\r\n").encode() + payload)
            await writer.drain()
            if self.after_response:
                self.after_response(received)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
