"""Audit the installed dependencies of this virtualenv (not the project itself) with pip-audit.

Exit 1 when a known vulnerability is found. When the vulnerability service cannot be reached
(some packages could not be looked up), the audit proves nothing: that is a loud SKIPPED, and a
failure when VUOSIKELLO_AUDIT_STRICT=true (for a CI that reaches the advisory database).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

# The venv's own pip-audit; tests point this at a stand-in for the advisory service.
PIP_AUDIT = os.environ.get("VUOSIKELLO_PIP_AUDIT", str(Path(sys.executable).parent / "pip-audit"))
EDITABLE = "distribution marked as editable"


def main() -> int:
    strict = os.environ.get("VUOSIKELLO_AUDIT_STRICT", "").lower() in ("1", "true", "yes")
    command = [PIP_AUDIT, "--skip-editable", "--progress-spinner", "off", "-f", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return _unreachable(f"pip-audit did not produce a report ({last})", strict)
    vulnerable, unaudited = [], []
    for dependency in report.get("dependencies", []):
        if dependency.get("vulns"):
            vulnerable.append(dependency)
        elif dependency.get("skip_reason") and dependency["skip_reason"] != EDITABLE:
            unaudited.append(dependency["name"])
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            print(
                f"VULNERABLE: {dependency['name']} {dependency['version']}: {vuln['id']} "
                f"(fixed in {fixes})",
                file=sys.stderr,
            )
    if vulnerable:
        print("Raise the minimum versions in pyproject.toml and reinstall.", file=sys.stderr)
        return 1
    if unaudited:
        return _unreachable(
            f"{len(unaudited)} of {len(report.get('dependencies', []))} packages could not be "
            "looked up in the vulnerability service",
            strict,
        )
    print(f"pip-audit: no known vulnerabilities in {len(report['dependencies'])} packages")
    return 0


def _unreachable(reason: str, strict: bool) -> int:
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
