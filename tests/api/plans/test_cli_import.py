"""`vuosikello plans import`: the real console script imports a follow-up table."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support import Api

ROOT = Path(__file__).resolve().parents[3]
TABLE = (
    "Tavoite;Toimenpide;Vastuutaho;Seurantamittari;Toteutuminen;Kommentti\n"
    "Yhteensovittava johtaminen;Tavoitteiden saavuttamista arvioidaan yhteisesti;"
    "Lanupe-työryhmä;Lasten hyte-tavoitteet;Osittain;Mittarit puutteellisia\n"
)


def vuosikello(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "vuosikello"), *args],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


async def test_cli_imports_a_table_and_names_bad_rows(admin: Api, network: dict, tmp_path: Path):
    await admin.create(
        "/v1/groups",
        {"network_id": network["id"], "name": "Lanupe-työryhmä", "kind": "working_group"},
    )
    plan = await admin.create(
        "/v1/plans",
        {"network_id": network["id"], "title": "LNHS", "kind": "children_youth_welfare_plan"},
    )
    round_ = await admin.create(
        f"/v1/plans/{plan['id']}/rounds", {"name": "Väliraportointi 2025", "due": "2025-05-08"}
    )
    good = tmp_path / "seuranta.csv"
    good.write_text(TABLE, encoding="utf-8")
    result = vuosikello(
        "plans", "import", str(good), "--plan", plan["id"], "--round", round_["id"], "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["evaluations_created"] == 1
    tree = (await admin.get(f"/v1/plans/{plan['id']}/goals")).json()
    assert tree["goals"][0]["measures"][0]["evaluation"]["status"] == "partly"
    bad = tmp_path / "virhe.csv"
    bad.write_text(TABLE + ";Toimenpide ilman tavoitetta;;;ehkä;\n", encoding="utf-8")
    result = vuosikello("plans", "import", str(bad), "--plan", plan["id"], "--round", round_["id"])
    assert result.returncode == 2
    assert "row 3, Tavoite: must not be empty" in result.stderr
    assert "row 3, Toteutuminen" in result.stderr
