"""Helpers for tests: an HTTP client wrapper, a live `vuosikello serve`, and database reset."""

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(log_path: Path, env: dict[str, str]) -> Iterator[str]:
    """`vuosikello serve` in a subprocess with `env` on top of this process's environment,
    answering /healthz; yields its base URL and stops it afterwards. Its output goes to
    `log_path`, for the caller to inspect."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "vuosikello"), "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"vuosikello serve exited with {process.returncode}:\n{log_path.read_text()}"
                )
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "vuosikello serve did not answer within 60 s"
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Api:
    """An httpx client bound to one caller (with or without a bearer token)."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = self._headers(kwargs.pop("headers", None))
        return await self.http.request(method, url, headers=headers, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, json=json, **kwargs)

    async def put(self, url: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, json=json, **kwargs)

    async def patch(self, url: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, json=json, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)

    async def create(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST and insist on 201."""
        response = await self.post(url, body)
        assert response.status_code == 201, (url, response.status_code, response.text)
        return response.json()

    async def login(self, client_id: str, client_secret: str) -> "Api":
        response = await self.http.post(
            "/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": client_secret,
            },
        )
        assert response.status_code == 200, response.text
        return Api(self.http, response.json()["access_token"])

    async def client_for(self, anon: "Api", role: str, network_ids: list[str]) -> "Api":
        """As admin: create an API client with a role in networks, and log in as it."""
        created = await self.create(
            "/v1/clients",
            {"name": f"{role} {uuid.uuid4().hex[:6]}", "role": role, "network_ids": network_ids},
        )
        return await anon.login(created["client_id"], created["client_secret"])


def reset_database(url: str) -> None:
    """Empty the test database so every run starts from `alembic upgrade head` on nothing."""
    if url.startswith("sqlite"):
        return  # a new temporary file per run
    from sqlalchemy import text

    from app.core.config import get_settings
    from app.core.db.session import create_engine

    async def _reset() -> None:
        engine = create_engine(get_settings().model_copy(update={"database_url": url}))
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(_reset())
