"""Board's report benchmark (not a timed test): how long the demo's interim evaluation report
takes in each format, with its 20 indicator rows and 5 SVG charts, and the situational picture.

    .venv/bin/python bench/indicators_report.py          # SQLite (a fresh temporary file)

Loads the demo (Sotkanet values from the committed answers) into a temporary database through
`vuosikello migrate` and `vuosikello demo`, then calls the ASGI app in-process (httpx);
prints the median of `--rounds` calls per format.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FORMATS = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="vuosikello-bench-")
    url = f"sqlite+aiosqlite:///{workdir}/bench.db"
    env = {**os.environ, "VUOSIKELLO_DATABASE_URL": url}
    cli = str(Path(sys.executable).parent / "vuosikello")
    subprocess.run([cli, "migrate"], env=env, check=True, capture_output=True, cwd=workdir)
    loaded = subprocess.run(
        [cli, "demo"], env=env, check=True, capture_output=True, text=True, cwd=workdir
    ).stdout
    credentials = json.loads(loaded[loaded.index("{") :])
    os.environ["VUOSIKELLO_DATABASE_URL"] = url
    asyncio.run(measure(credentials, args.rounds))


async def measure(credentials: dict[str, str], rounds: int) -> None:
    import httpx

    from app.main import app

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        token = (await http.post("/v1/auth/token", data={
            "grant_type": "client_credentials", **credentials,
        })).json()["access_token"]  # fmt: skip
        http.headers["Authorization"] = f"Bearer {token}"
        plans = (await http.get("/v1/plans")).json()["data"]
        plan = next(p for p in plans if "Kymenlaakso" in p["title"])
        for name, accept in FORMATS.items():
            times, size = [], 0
            for _ in range(rounds):
                started = time.perf_counter()
                response = await http.get(f"/v1/plans/{plan['id']}/report",
                                          headers={"Accept": accept})  # fmt: skip
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
                size = len(response.content)
            print(f"report {name:5} median {statistics.median(times) * 1000:7.1f} ms  {size} bytes")
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = await http.get(f"/v1/networks/{plan['network_id']}/situation")
            times.append(time.perf_counter() - started)
        median = statistics.median(times) * 1000
        print(f"situation   median {median:7.1f} ms  {len(response.content)} bytes")


if __name__ == "__main__":
    main()
