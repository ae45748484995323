"""The service documents itself without the internet: Swagger UI and ReDoc from its own assets,
an OpenAPI description with a real server URL and an OAuth2 client-credentials flow."""

import base64
import re

from app.main import app as asgi_app


async def test_root_sends_a_browser_to_the_docs(anon):
    response = await anon.get("/")
    assert response.status_code == 302
    assert response.headers["location"] == "docs"  # relative: never the Host header


async def test_swagger_ui_and_redoc_load_only_their_own_assets(anon):
    for page in ("/docs", "/redoc"):
        response = await anon.get(page)
        assert response.status_code == 200, page
        html = response.text
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']|url:\s*'([^']+)'""", html)
        urls = [a or b for a, b in urls]
        assert urls, page
        for url in urls:
            assert url.startswith("/"), (page, url)  # same origin, no CDN
            if url.startswith("/docs/assets/"):
                asset = await anon.get(url)
                assert asset.status_code == 200, url
                assert len(asset.content) > 1000, url
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html, page


async def test_openapi_names_the_server_and_the_client_credentials_flow(anon):
    schema = (await anon.get("/openapi.json")).json()
    assert schema == asgi_app.openapi()
    (server,) = schema["servers"]
    assert server["url"].startswith("http")
    flow = schema["components"]["securitySchemes"]["OAuth2ClientCredentials"]["flows"]
    assert flow["clientCredentials"]["tokenUrl"] == server["url"] + "/v1/auth/token"
    secured = [
        (path, method, operation["security"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    ]
    assert len(secured) > 50
    for path, method, security in secured:
        assert security[0] == {"OAuth2ClientCredentials": []}, (method, path)


async def test_the_token_request_swagger_ui_sends_gets_a_token(anon, admin_credentials):
    """Swagger UI's Authorize button posts the id and secret as HTTP Basic, or in the form."""
    pair = f"{admin_credentials['client_id']}:{admin_credentials['client_secret']}"
    basic = await anon.http.post(
        "/v1/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()},
    )
    assert basic.status_code == 200, basic.text
    form = await anon.http.post(
        "/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": admin_credentials["client_id"],
            "client_secret": admin_credentials["client_secret"],
        },
    )
    assert form.status_code == 200, form.text
    token = form.json()["access_token"]
    me = await anon.http.get("/v1/networks", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
