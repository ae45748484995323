"""Where the repository and its console script are."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VUOSIKELLO = Path(sys.executable).parent / "vuosikello"
