"""The README's curl walk-through works as written against a served instance."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support import ROOT, VUOSIKELLO, free_port, live_server

pytestmark = pytest.mark.system


def _walkthrough() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Five minutes with the API", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README lost its walk-through"
    return match.group(1)


@pytest.fixture(scope="module")
def served_demo():
    """`make run` in miniature: migrate an empty SQLite file, load the demo, serve it."""
    workdir = Path(tempfile.mkdtemp(prefix="vuosikello-readme-"))
    env = {
        **os.environ,
        "VUOSIKELLO_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/vuosikello.db",
        "VUOSIKELLO_ENV": "development",
    }
    for args in (["migrate"], ["demo", "--if-empty"]):
        done = subprocess.run(
            [VUOSIKELLO, *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    port = free_port()
    env["VUOSIKELLO_PUBLIC_URL"] = f"http://127.0.0.1:{port}"  # feed URLs point at this server
    try:
        with live_server(workdir / "serve.log", env, cwd=workdir, port=port) as base:
            yield workdir, base
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_readme_walkthrough_runs_as_written(served_demo):
    workdir, base = served_demo
    # The walk-through runs from the project folder (it calls .venv/bin/vuosikello) on the
    # default ports; here the demo has a folder and free ports of its own.
    (workdir / ".venv").symlink_to(VUOSIKELLO.parent.parent, target_is_directory=True)
    receiver_port = str(free_port())
    script = (
        _walkthrough()
        .replace("API=http://127.0.0.1:8000", f"API={base}")
        .replace("8081", receiver_port)
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert '"role": "chair"' in out
    # Three yearly occurrences, and the moved 2028 one.
    assert '"recurrence_id": "2027-10-05T09:00:00"' in out
    assert '"start": "2028-10-04T09:00:00+03:00"' in out
    assert '"overridden": true' in out
    # The deadline and its milestone on the wheel beside the seminar.
    assert '"Lapsivaikutusten arviointi valmis"' in out
    assert '"kind": "milestone"' in out and '"kind": "deadline"' in out
    # The feed holds the seminar's series and the deadline.
    assert re.search(r"^[1-9]\d*$", out, re.M)
    # The receiver verified the signed ping with the standardwebhooks library.
    assert "verified fi.vuosikello.webhook.ping" in out
    assert "problem" not in out
