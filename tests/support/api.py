"""An httpx client bound to one caller."""

import uuid
from typing import Any

import httpx


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
