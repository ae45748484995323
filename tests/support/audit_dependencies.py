"""Audit the locked dependencies (requirements/test.lock, a superset of run.lock) with pip-audit.

Exit 1 when a known vulnerability is found. pip-audit asks PyPI for each installed version; where
that lookup fails (this workplace's PyPI mirror serves no per-version JSON), the package is
looked up in PyPI's project JSON instead, whose `vulnerabilities` are those of the latest
release: exact when the installed version is the latest. A package audited by neither leaves
the audit unproven: a loud SKIPPED, and a failure when VUOSIKELLO_AUDIT_STRICT=true.
"""

import json
import os
import re
import subprocess
import sys
import urllib.request
from importlib import metadata
from pathlib import Path

# The venv's own pip-audit and PyPI's project JSON; tests point these at stand-ins.
PIP_AUDIT = os.environ.get("VUOSIKELLO_PIP_AUDIT", str(Path(sys.executable).parent / "pip-audit"))
PROJECT_JSON = os.environ.get("VUOSIKELLO_PYPI_PROJECT_JSON", "https://pypi.org/pypi/{name}/json")
EDITABLE = "distribution marked as editable"
LOCK = Path(
    os.environ.get(
        "VUOSIKELLO_AUDIT_LOCK", Path(__file__).resolve().parents[2] / "requirements" / "test.lock"
    )
)
SKIPPED_VERSION = re.compile(r"\(([^()]+)\)\s*$")
# Advisories that cannot reach Vuosikello, with the reason. Matched by id or alias.
NOT_APPLICABLE = {
    "CVE-2024-23342": (
        "python-ecdsa's Minerva timing attack on ECDSA signing: ecdsa is installed only "
        "because python-jose requires it; with python-jose[cryptography] jose signs and "
        "verifies through `cryptography`, and Vuosikello uses only HS256 and RS256"
    ),
}


def main() -> int:
    strict = os.environ.get("VUOSIKELLO_AUDIT_STRICT", "").lower() in ("1", "true", "yes")
    # The lock pins every package with hashes, so pip-audit reads it as it is: no resolver,
    # no temporary venv, and exactly the versions `make install` puts in place.
    command = [
        PIP_AUDIT,
        "-r",
        str(LOCK),
        "--disable-pip",
        "--no-deps",
        "--progress-spinner",
        "off",
        "-f",
        "json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return _unproven(f"pip-audit did not produce a report ({last})", strict)
    dependencies = report.get("dependencies", [])
    findings, unaudited, by_project_json = [], [], 0
    for dependency in dependencies:
        name, version = dependency["name"], dependency.get("version")
        vulns = dependency.get("vulns") or []
        reason = dependency.get("skip_reason")
        if reason == EDITABLE:
            continue
        if reason:
            version = _skipped_version(name, reason)
            vulns = _latest_release_advisories(name, version)
            if vulns is None:
                unaudited.append(f"{name} {version}")
                continue
            by_project_json += 1
        findings += [(name, version, vuln) for vuln in vulns if not _not_applicable(vuln)]
    for name, version, vuln in findings:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
        print(f"VULNERABLE: {name} {version}: {vuln['id']} (fixed in {fixes})", file=sys.stderr)
    if findings:
        print(
            "Raise the minimum versions in pyproject.toml, then `make lock` and `make install`.",
            file=sys.stderr,
        )
        return 1
    if unaudited:
        return _unproven(
            f"{len(unaudited)} of {len(dependencies)} packages could not be looked up "
            f"({', '.join(unaudited)})",
            strict,
        )
    print(
        f"dependency audit: no known vulnerabilities in {len(dependencies)} packages "
        f"({by_project_json} through PyPI's project JSON)"
    )
    return 0


def _skipped_version(name: str, reason: str) -> str | None:
    match = SKIPPED_VERSION.search(reason)
    if match:
        return match.group(1)
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _latest_release_advisories(name: str, version: str | None) -> list[dict] | None:
    """The advisories of `name` `version` when it is PyPI's latest release, else None."""
    try:
        with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=20) as response:
            project = json.load(response)
    except (OSError, ValueError):
        return None
    if version is None or project.get("info", {}).get("version") != version:
        return None
    return [
        {"id": v["id"], "aliases": v.get("aliases") or [], "fix_versions": v.get("fixed_in")}
        for v in project.get("vulnerabilities") or []
        if not v.get("withdrawn")
    ]


def _not_applicable(vuln: dict) -> bool:
    return any(i in NOT_APPLICABLE for i in [vuln["id"], *(vuln.get("aliases") or [])])


def _unproven(reason: str, strict: bool) -> int:
    if strict:
        print(f"FATAL: dependency audit not possible: {reason}", file=sys.stderr)
        return 1
    print(
        f"SKIPPED: dependency audit not possible: {reason}; "
        "set VUOSIKELLO_AUDIT_STRICT=true to make this fatal",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
