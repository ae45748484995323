"""How `vuosikello serve` runs uvicorn: request heads of bounded size and header count.

uvicorn's httptools protocol buffers a header of any size before the app sees it (a 32 MiB
`Authorization` header cost 90 MiB of memory before its 401) and accepts any number of
headers. This protocol counts the bytes of a request head while it is incomplete and its
header lines, and answers 431 (and closes) past `MAX_HEAD_BYTES` or `MAX_HEADERS`, before
the app runs. nginx in front (deploy/nginx.conf) has the same limits.
"""

import json
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024  # request line and headers; nginx allows 4 x 16 KiB lines
MAX_HEADERS = 100


class HeadTooLarge(Exception):
    """Raised from a parser callback: httptools stops parsing and re-raises it."""


def _problem_431() -> bytes:
    problem = {
        "type": "about:blank",
        "title": "Request Header Fields Too Large",
        "status": 431,
        "detail": f"A request may have at most {MAX_HEADERS} header lines and "
        f"{MAX_HEAD_BYTES // 1024} KiB of request line and headers",
    }
    body = json.dumps(problem).encode()
    return (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
        b"content-type: application/problem+json\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n"
        b"connection: close\r\n\r\n" + body
    )


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with caps on the request head."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0
        self._header_count = 0

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > MAX_HEADERS:
            raise HeadTooLarge
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            if isinstance(exc.__context__, HeadTooLarge):
                self._refuse()
                return
            self._invalid()
            return
        except httptools.HttpParserError:
            self._invalid()
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        # Bytes fed while the head stays incomplete are all head (the chunk that completes
        # it may carry body too, and is not counted).
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self._refuse()

    def _invalid(self) -> None:
        msg = "Invalid HTTP request received."
        self.logger.warning(msg)
        self.send_400_response(msg)

    def _refuse(self) -> None:
        self.logger.warning("Request head too large: refused with 431")
        self.transport.write(_problem_431())
        self.transport.close()
