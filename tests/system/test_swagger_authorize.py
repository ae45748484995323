"""Swagger UI served by the service works in a real browser with no internet: its Authorize
button gets a token by client credentials, and a request executed from the page succeeds."""

import json
import os
from pathlib import Path

import pytest

from tests.support import DATABASE_URL, free_port, live_server
from tests.support.browser import CHROMIUM, chromium_page
from tests.support.cli import run_cli

pytestmark = pytest.mark.system

# React keeps its own copy of an input's value: set it the way typing does.
TYPE = """(selector, text) => {
  const input = document.querySelector(selector);
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return true;
}"""


def _click(selector: str) -> str:
    found = f"document.querySelector({json.dumps(selector)})"
    return f"(() => {{ const e = {found}; e && e.click(); return !!e; }})()"


async def test_authorize_button_gets_a_token_and_a_request_succeeds(tmp_path: Path):
    if CHROMIUM is None and os.environ.get("CI") != "true":
        pytest.skip("chromium is not installed")
    port = free_port()
    # The OpenAPI's server and token URL are where the browser sends its requests.
    env = {
        "VUOSIKELLO_DATABASE_URL": DATABASE_URL,
        "VUOSIKELLO_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    created = run_cli(
        "clients", "create", "--name", "Swagger", "--role", "admin", "--json", env=env
    )
    assert created.returncode == 0, created.stderr
    credentials = json.loads(created.stdout)
    with live_server(tmp_path / "serve.log", env, port=port) as base_url:
        async with chromium_page(f"{base_url}/docs") as page:
            await page.wait_for("!!document.querySelector('.btn.authorize')", timeout=120)
            assert await page.evaluate(_click(".btn.authorize"))
            await page.wait_for("!!document.querySelector('input[id^=client_id]')")
            await page.evaluate(
                f"({TYPE})('input[id^=client_id]', {json.dumps(credentials['client_id'])})"
            )
            await page.evaluate(
                f"({TYPE})('input[id^=client_secret]', {json.dumps(credentials['client_secret'])})"
            )
            # The OAuth2 form's own Authorize button (the bearer form comes first).
            oauth2 = "document.querySelector('input[id^=client_id]').closest('.auth-container')"
            assert await page.evaluate(
                f"(() => {{ {oauth2}.querySelector('.authorize').click(); return true; }})()"
            )
            # Authorized: the dialog offers Logout instead of Authorize, and shows no error.
            await page.wait_for(
                "[...document.querySelectorAll('.auth-container button')]"
                ".some(b => b.textContent.trim() === 'Logout')",
                explain="document.querySelector('.modal-ux').innerText",
            )
            errors = await page.evaluate(
                "[...document.querySelectorAll('.auth-container .errors')].map(e => e.textContent)"
            )
            assert not errors, errors
            await page.evaluate(_click(".btn-done"))
            operation = "#operations-feeds-feeds-get-all"
            assert await page.evaluate(_click(f"{operation} .opblock-summary-control"))
            await page.wait_for(f"!!document.querySelector('{operation} .try-out__btn')")
            await page.evaluate(_click(f"{operation} .try-out__btn"))
            await page.wait_for(f"!!document.querySelector('{operation} .execute')")
            await page.evaluate(_click(f"{operation} .execute"))
            status = await page.wait_for(
                f"(document.querySelector('{operation} .live-responses-table tbody "
                ".response-col_status') || {}).textContent",
                timeout=60,
            )
            curl = await page.evaluate(
                f"(document.querySelector('{operation} .curl') || {{}}).textContent || ''"
            )
            body = await page.evaluate(
                f"document.querySelector('{operation} .live-responses-table .microlight')"
                ".textContent"
            )
    assert status.strip() == "200", body
    assert '"data"' in body
    assert "Authorization: Bearer " in curl, curl  # the token the Authorize button got
