"""The README's curl walk-through works as written against a served instance."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.support import ROOT, VUOSIKELLO, live_server

pytestmark = pytest.mark.system


def _walkthrough() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## API walk-through", 1)[1]
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
    try:
        with live_server(workdir / "serve.log", env, cwd=workdir) as base:
            yield workdir, base
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_readme_walkthrough_runs_as_written(served_demo):
    workdir, base = served_demo
    script = _walkthrough().replace("API=http://127.0.0.1:8000", f"API={base}")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert '"name": "Kajaanin kaupunki"' in out
    # Three yearly occurrences, the moved 2028 one and the cancelled 2029 one on the wheel.
    assert '"recurrence_id": "2027-10-05T09:00:00"' in out
    assert '"start": "2028-10-04T09:00:00+03:00"' in out
    assert '"cancelled"' in out
    assert '"overridden": true' in out
    assert out.rstrip().endswith('"Kajaani, Kaukametsä"')
    assert "problem" not in out
