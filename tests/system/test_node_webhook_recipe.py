"""The Node receiver of docs/integrations.md, run verbatim, verifies a real signed delivery
(the webhook test ping) with the standardwebhooks package pinned in package.json."""

import os
import re
import subprocess
import time

import httpx
import pytest

from tests.support import ROOT, free_port
from tests.support.node import NODE, NODE_MODULES

pytestmark = pytest.mark.system


def _recipe() -> str:
    text = (ROOT / "docs" / "integrations.md").read_text()
    match = re.search(r"```js\n(// receiver\.mjs.*?)```", text, re.S)
    assert match, "docs/integrations.md lost its Node receiver"
    return match.group(1)


async def test_the_node_recipe_verifies_a_delivery(admin, network, tmp_path):
    if (NODE is None or not (NODE_MODULES / "standardwebhooks").exists()) and os.environ.get(
        "CI"
    ) != "true":
        pytest.skip("run `npm ci` in the project folder")
    # Beside node_modules, as a reader's receiver.mjs sits in their own project.
    script = ROOT / f".receiver-{os.getpid()}.mjs"
    script.write_text(_recipe())
    port = free_port()
    hook = await admin.create(
        "/v1/webhooks",
        {"network_id": network["id"], "url": f"http://127.0.0.1:{port}/hooks/vuosikello"},
    )
    log = (tmp_path / "receiver.log").open("w+")
    process = subprocess.Popen(
        [NODE, str(script)],
        env={**os.environ, "WEBHOOK_SECRET": hook["secret"], "PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        ping = await admin.post(f"/v1/webhooks/{hook['id']}/test")
        assert ping.status_code == 200, ping.text
        assert ping.json()["status_code"] == 204, ping.json()
        tampered = httpx.post(
            f"http://127.0.0.1:{port}/hooks/vuosikello",
            content=b'{"type": "forged"}',
            headers={"webhook-id": "x", "webhook-timestamp": str(int(time.time())),
                     "webhook-signature": "v1,AAAA"},
            timeout=10,
        )  # fmt: skip
        assert tampered.status_code == 400
    finally:
        process.terminate()
        process.wait(timeout=15)
        script.unlink()
    log.seek(0)
    output = log.read()
    assert "verified fi.vuosikello.webhook.ping" in output, output
