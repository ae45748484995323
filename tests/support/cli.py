"""The real `vuosikello` console script, run against the test database."""

import os
import subprocess

from tests.support.paths import ROOT, VUOSIKELLO
from tests.support.secret_grep import REGISTRY


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `vuosikello *args` with this process's environment (`env` on top); printed
    credentials go to the secret grep (tests/support/secret_grep.py)."""
    result = subprocess.run(
        [str(VUOSIKELLO), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    REGISTRY.harvest_text(result.stdout)
    return result
