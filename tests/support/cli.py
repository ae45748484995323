"""The real `vuosikello` console script, run against the test database."""

import os
import subprocess

from tests.support.paths import ROOT, VUOSIKELLO


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `vuosikello *args` with this process's environment (`env` on top)."""
    return subprocess.run(
        [str(VUOSIKELLO), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
