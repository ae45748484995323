"""One signed HTTP POST to a receiver, through the SSRF guard."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from app.kernel import signing
from app.webhooks.ssrf import Destination, Policy, UnsafeDestination, resolve

EXCERPT = 200


@dataclass(frozen=True)
class SendResult:
    status_code: int | None
    duration_ms: int
    error: str | None = None
    response_excerpt: str | None = None
    retry_after: float | None = None  # seconds, from Retry-After on 429/503

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _retry_after(response: httpx.Response, now: datetime) -> float | None:
    if response.status_code not in (429, 503):
        return None
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


async def destination_for(url: str, policy: Policy) -> Destination | SendResult:
    """Resolve and check the URL once; a refusal comes back as a failed result to record."""
    try:
        return await resolve(url, policy)
    except UnsafeDestination as exc:
        return SendResult(None, 0, error=f"refused destination: {exc}")


async def send(
    client: httpx.AsyncClient,
    destination: Destination,
    *,
    secrets: list[str],
    msg_id: str,
    body: str,
    now: datetime,
    timeout_seconds: float,
) -> SendResult:
    started = time.perf_counter()

    def elapsed() -> int:
        return int((time.perf_counter() - started) * 1000)

    headers = signing.headers(secrets, msg_id, now, body)
    headers["host"] = destination.url.netloc.decode()
    extensions = {"sni_hostname": destination.url.host} if destination.url.scheme == "https" else {}
    try:
        response = await client.post(
            destination.connect_url,
            content=body.encode(),
            headers=headers,
            timeout=timeout_seconds,
            extensions=extensions,
            follow_redirects=False,
        )
    except httpx.TimeoutException:
        return SendResult(None, elapsed(), error=f"timed out after {timeout_seconds:g} s")
    except httpx.HTTPError as exc:
        return SendResult(None, elapsed(), error=f"{exc.__class__.__name__}: {exc}"[:500])
    excerpt = response.text[:EXCERPT] if response.content else None
    return SendResult(
        response.status_code,
        elapsed(),
        error=None if response.is_success else f"HTTP {response.status_code}",
        response_excerpt=excerpt,
        retry_after=_retry_after(response, now),
    )
