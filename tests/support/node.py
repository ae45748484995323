"""The Node tools of the root package.json (newman, openapi-to-postmanv2), installed by
`npm ci` in tests/run.sh."""

import shutil

from tests.support.paths import ROOT

NODE_MODULES = ROOT / "node_modules"
NEWMAN = NODE_MODULES / ".bin" / "newman"
NODE = shutil.which("node")


def missing() -> str | None:
    """Why the Node tools cannot run here, or None."""
    if NODE is None:
        return "node is not installed"
    if not NEWMAN.exists() or not (NODE_MODULES / "openapi-to-postmanv2").exists():
        return "run `npm ci` in the project folder (tests/run.sh does)"
    return None
