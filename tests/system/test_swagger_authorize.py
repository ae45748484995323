"""Swagger UI served by the service works in a real browser with no internet: its Authorize
button gets a token by client credentials, and a request executed from the page succeeds."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support import DATABASE_URL, free_port, live_server
from tests.support.browser import chromium
from tests.support.cli import run_cli

pytestmark = pytest.mark.system

OPERATION = "#operations-feeds-feeds-get-all"
# The OAuth2 form's own Authorize button (the bearer form comes first).
OAUTH2_AUTHORIZE = (
    "() => document.querySelector('input[id^=client_id]').closest('.auth-container')"
    ".querySelector('.authorize').click()"
)
LOGGED_IN = (
    "() => [...document.querySelectorAll('.auth-container button')]"
    ".some(b => b.textContent.trim() === 'Logout')"
)


def _click(page: Page, selector: str) -> None:
    """Wait for the element and click it the way a script does (Swagger UI's modal backdrop
    would otherwise count as covering it)."""
    page.wait_for_selector(selector, state="attached")
    page.eval_on_selector(selector, "e => e.click()")


def test_authorize_button_gets_a_token_and_a_request_succeeds(tmp_path: Path):
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
    with live_server(tmp_path / "serve.log", env, port=port) as base_url, chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{base_url}/docs")
        page.wait_for_selector(".btn.authorize", state="attached", timeout=120_000)
        _click(page, ".btn.authorize")
        page.fill("input[id^=client_id]", credentials["client_id"])
        page.fill("input[id^=client_secret]", credentials["client_secret"])
        page.evaluate(OAUTH2_AUTHORIZE)
        # Authorized: the dialog offers Logout instead of Authorize, and shows no error.
        try:
            page.wait_for_function(LOGGED_IN)
        except PlaywrightTimeout as exc:
            raise AssertionError(page.inner_text(".modal-ux")) from exc
        errors = page.eval_on_selector_all(
            ".auth-container .errors", "nodes => nodes.map(e => e.textContent)"
        )
        assert not errors, errors
        _click(page, ".btn-done")
        _click(page, f"{OPERATION} .opblock-summary-control")
        _click(page, f"{OPERATION} .try-out__btn")
        _click(page, f"{OPERATION} .execute")
        status = page.locator(f"{OPERATION} .live-responses-table tbody .response-col_status")
        status.first.wait_for()
        code = status.first.inner_text()
        curl = page.locator(f"{OPERATION} .curl").first.inner_text()
        body = page.locator(f"{OPERATION} .live-responses-table .microlight").first.inner_text()
    assert code.strip() == "200", body
    assert '"data"' in body
    assert "Authorization: Bearer " in curl, curl  # the token the Authorize button got
