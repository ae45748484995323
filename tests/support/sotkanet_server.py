"""A real HTTP server on loopback answering like THL's Sotkanet REST API 1.1, from the
committed fixture files in tests/support/sotkanet/ (or another directory of the same shape).

Scriptable: `fault = "500"` or `"timeout"` (from faults.json) for every request,
`data_updated[id] = "YYYY-MM-DD"` to move an indicator's `data-updated`, and `requests` lists
each path and query received, so a test can tell what the service asked for."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "sotkanet"


class SotkanetServer:
    def __init__(self, root: Path = FIXTURES) -> None:
        self.root = root
        self.fault: str | None = None
        self.data_updated: dict[int, str] = {}
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.faults = json.loads((root / "faults.json").read_text())
        self._release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "SotkanetServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def calls(self, path_prefix: str) -> int:
        return sum(1 for path, _ in self.requests if path.startswith(path_prefix))

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _json(self, handler: BaseHTTPRequestHandler, value: Any, status: int = 200) -> None:
        self._send(handler, status, json.dumps(value).encode(), "application/json;charset=UTF-8")

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        path = parts.path.removeprefix("/rest/1.1")
        self.requests.append((path, query))
        if self.fault == "timeout":
            self._release.wait(self.faults["timeout"]["delay_seconds"])
            return self._json(handler, {"slow": True})
        if self.fault == "500":
            fault = self.faults["500"]
            return self._send(
                handler, fault["status"], fault["body"].encode(), fault["content_type"]
            )
        if path == "/regions":
            return self._json(handler, json.loads((self.root / "regions.json").read_text()))
        if path.startswith("/indicators/"):
            file = self.root / "indicators" / f"{path.rsplit('/', 1)[1]}.json"
            if not file.exists():
                return self._json(handler, {"message": "Not found"}, 404)
            meta = json.loads(file.read_text())
            meta["data-updated"] = self.data_updated.get(meta["id"], meta["data-updated"])
            return self._json(handler, meta)
        if path == "/json":
            return self._json(handler, self._values(query))
        return self._json(handler, {"message": "Not found"}, 404)

    def _values(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        indicator = query.get("indicator", [""])[0]
        genders = query.get("genders", ["total"])
        years = {int(y) for y in query.get("years", [])}
        for gender in genders:
            special = self.root / "values" / f"{indicator}-{gender}.json"
            if len(genders) == 1 and special.exists():
                return json.loads(special.read_text())
        file = self.root / "values" / f"{indicator}.json"
        rows = json.loads(file.read_text()) if file.exists() else []
        return [r for r in rows if r["gender"] in genders and r["year"] in years]
