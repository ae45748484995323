"""The dependency audit step of `make test`: how it reads pip-audit's report. The advisory
service is the outside internet, so a stand-in pip-audit prints the report."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

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


def _audit(
    tmp_path: Path, dependencies: list[dict], projects: dict[str, dict] | None = None, **env: str
) -> subprocess.CompletedProcess:
    """Run the audit step with a stand-in pip-audit and stand-in PyPI project JSON files."""
    tmp_path = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    tmp_path.mkdir()
    stand_in = tmp_path / "pip-audit"
    report = json.dumps({"dependencies": dependencies, "fixes": []})
    stand_in.write_text(f"#!{sys.executable}\nprint({report!r})\n")
    stand_in.chmod(0o755)
    pypi = tmp_path / "pypi"
    pypi.mkdir()
    for name, project in (projects or {}).items():
        (pypi / f"{name}.json").write_text(json.dumps(project))
    return subprocess.run(
        [sys.executable, str(ROOT / "tests" / "support" / "audit_dependencies.py")],
        env={
            **os.environ,
            "VUOSIKELLO_PIP_AUDIT": str(stand_in),
            "VUOSIKELLO_PYPI_PROJECT_JSON": f"{pypi.as_uri()}/{{name}}.json",
            **env,
        },
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


def _project(latest: str, *vulns: dict) -> dict:
    return {"info": {"version": latest}, "vulnerabilities": list(vulns)}


ADVISORY = {"id": "GHSA-xxxx", "aliases": ["CVE-2099-1"], "fixed_in": ["2.2.0"], "withdrawn": None}


def test_a_package_pip_audit_missed_is_audited_by_its_latest_release(tmp_path):
    result = _audit(tmp_path, [CLEAN, UNREACHABLE], {"sqlalchemy": _project("2.1.9")})
    assert result.returncode == 0, result.stderr
    assert "no known vulnerabilities in 2 packages (1 through PyPI's project JSON)" in (
        result.stdout
    )
    vulnerable = _audit(tmp_path, [UNREACHABLE], {"sqlalchemy": _project("2.1.9", ADVISORY)})
    assert vulnerable.returncode == 1
    assert "VULNERABLE: sqlalchemy 2.1.9: GHSA-xxxx (fixed in 2.2.0)" in vulnerable.stderr


def test_an_older_installed_release_stays_unaudited(tmp_path):
    # The project JSON's advisories are the latest release's: they say nothing about 2.1.9.
    result = _audit(tmp_path, [UNREACHABLE], {"sqlalchemy": _project("2.2.0")})
    assert result.returncode == 0
    assert "could not be looked up (sqlalchemy 2.1.9)" in result.stderr
    assert result.stderr.startswith("SKIPPED")


def test_withdrawn_and_not_applicable_advisories_do_not_fail(tmp_path):
    withdrawn = {**ADVISORY, "withdrawn": "2026-01-01T00:00:00Z"}
    minerva = {"id": "GHSA-wj6h-64fc-37mp", "aliases": ["CVE-2024-23342"], "fixed_in": []}
    ecdsa = {"name": "ecdsa", "skip_reason": "Dependency not found on PyPI: ecdsa (0.19.2)"}
    result = _audit(
        tmp_path,
        [UNREACHABLE, ecdsa],
        {"sqlalchemy": _project("2.1.9", withdrawn), "ecdsa": _project("0.19.2", minerva)},
    )
    assert result.returncode == 0, result.stderr
    assert "no known vulnerabilities in 2 packages" in result.stdout
