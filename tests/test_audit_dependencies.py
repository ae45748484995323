"""The dependency audit step of `make test`: how it reads pip-audit's report. The advisory
service is the outside internet, so a stand-in pip-audit prints the report."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

EDITABLE = {"name": "vuosikello", "skip_reason": "distribution marked as editable"}
CLEAN = {"name": "httpx", "version": "0.28.1", "vulns": []}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": []}],
}
UNREACHABLE = {
    "name": "sqlalchemy",
    "skip_reason": "Dependency not found on PyPI and could not be audited: sqlalchemy (2.1.9)",
}


def _audit(tmp_path: Path, dependencies: list[dict], **env: str) -> subprocess.CompletedProcess:
    stand_in = tmp_path / "pip-audit"
    report = json.dumps({"dependencies": dependencies, "fixes": []})
    stand_in.write_text(f"#!{sys.executable}\nprint({report!r})\n")
    stand_in.chmod(0o755)
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "audit_dependencies.py")],
        env={**os.environ, "VUOSIKELLO_PIP_AUDIT": str(stand_in), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_clean_report_passes(tmp_path):
    result = _audit(tmp_path, [CLEAN, EDITABLE])
    assert result.returncode == 0, result.stderr
    assert "no known vulnerabilities in 2 packages" in result.stdout


@pytest.mark.parametrize("strict", ["", "true"])
def test_a_known_vulnerability_fails(tmp_path, strict):
    result = _audit(tmp_path, [CLEAN, VULNERABLE], VUOSIKELLO_AUDIT_STRICT=strict)
    assert result.returncode == 1
    assert "VULNERABLE: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in result.stderr


def test_unreachable_service_is_a_loud_skip_or_fatal_when_strict(tmp_path):
    relaxed = _audit(tmp_path, [CLEAN, UNREACHABLE])
    assert relaxed.returncode == 0
    assert relaxed.stderr.startswith("SKIPPED: dependency audit not possible: 1 of 2 packages")
    strict = _audit(tmp_path, [CLEAN, UNREACHABLE], VUOSIKELLO_AUDIT_STRICT="true")
    assert strict.returncode == 1
    assert strict.stderr.startswith("FATAL: dependency audit not possible")
