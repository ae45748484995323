"""A local webhook receiver for trying an integration: `vuosikello webhooks listen`.

It verifies every delivery with the `standardwebhooks` library, exactly as a receiver in
production should, prints what arrived, and answers 204 (or 401 when the signature is wrong,
which Vuosikello then retries).
"""

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

MAX_BODY = 1_000_000


def listen(
    host: str,
    port: int,
    secret: str,
    *,
    count: int | None,
    timeout: float | None,
    echo: Callable[[str], None],
) -> int:
    """Serve until `count` deliveries verified or `timeout` seconds passed; return how many."""
    verifier = Webhook(secret)
    verified: list[str] = []
    done = threading.Event()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = min(int(self.headers.get("content-length") or 0), MAX_BODY)
            body = self.rfile.read(length)
            try:
                event = verifier.verify(body, dict(self.headers.items()))
            except WebhookVerificationError as exc:
                echo(f"refused: signature does not verify ({exc})")
                self.send_response(401)
                self.end_headers()
                return
            verified.append(event.get("id", ""))
            echo(
                f"verified {event.get('type')} id={event.get('id')} "
                f"webhook-id={self.headers.get('webhook-id')} subject={event.get('subject')}"
            )
            echo(json.dumps(event.get("data"), ensure_ascii=False))
            self.send_response(204)
            self.end_headers()
            if count is not None and len(verified) >= count:
                done.set()

        def do_GET(self) -> None:
            """Answer a readiness probe (and a curious browser)."""
            body = b"Vuosikello webhook receiver: POST signed deliveries here\n"
            self.send_response(200)
            self.send_header("content-type", "text/plain; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Silence the default access log: each delivery is printed above."""

    server = ThreadingHTTPServer((host, port), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"listening on http://{host}:{server.server_address[1]}/ for signed deliveries")
    try:
        done.wait(timeout)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return len(verified)
