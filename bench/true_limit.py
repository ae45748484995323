"""HTTP paths against the true limit, in one run on one machine:

    .venv/bin/python -m bench.true_limit [--postgresql URL] [--seconds 5] [--connections 8]
                                   [--events 5000] [--pairs 3] [--only feed,reads,write]

(`make bench` runs it on SQLite and on PostgreSQL at $BENCH_POSTGRESQL_URL.) For each engine
(a fresh SQLite file; an empty database at --postgresql, dropped and created again), with the
data of bench/true_limit_data.py (a 5,000-event network and its feed with alarms, about 4.6 MB):
one uvicorn process of Vuosikello (`app.main:app`, abuse limits off) and one of the bare app
(bench/bare.py: the same bytes from memory, the same JSON, the same event row inserted with
bare SQLAlchemy), side by side on loopback. Each pair is measured with `wrk` (installed with
apt-get when missing), Vuosikello then the bare app, `--pairs` times alternating; the figure
is the median of the per-pair ratios:

- feed: warm `GET /ical/<token>.ics` (200), with `Accept-Encoding: gzip`, and with
  `If-None-Match` (304), against the same bytes / the same 304 from memory;
- reads: `GET /v1/events/{id}` and `GET /v1/networks` (a coordinator's token) against a bare
  handler returning the same JSON;
- write: `POST /v1/events` with one reminder rule against a bare insert of the same row.

Targets (issue #17): feed ≥ 0.5, gzip and 304 ≥ 0.3, reads ≥ 0.3, write ≥ 0.3 on both engines.
Results go to bench/results/http.json; the load average is recorded beside every figure.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"feed": 0.5, "feed_gzip": 0.3, "feed_304": 0.3, "event_get": 0.3,
           "networks_get": 0.3, "event_post": 0.3}  # fmt: skip
EVENT_BODY = {
    "title": "Ohjausryhmän kokous",
    "start": "2027-10-05T09:00:00",
    "end": "2027-10-05T11:00:00",
    "reminders": [{"offset": "-P1D", "channels": ["notification"]}],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    return wrk


def fresh_database(kind: str, url: str | None, work: Path) -> str:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{work}/bench.db"
    assert url is not None
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def wait_up(url: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def uvicorn(target: str, env: dict[str, str], probe: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
         "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base + probe)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str],
        script: Path | None = None) -> float:  # fmt: skip
    command = [ensure_wrk(), "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert errors is None, out
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def capture(base: str, data: dict[str, str], work: Path) -> dict[str, object]:
    """Vuosikello's answers, written where the bare app reads them; the requests to measure."""

    def token(client_id: str, secret: str) -> str:
        form = {"grant_type": "client_credentials", "client_id": client_id,
                "client_secret": secret}  # fmt: skip
        response = httpx.post(f"{base}/v1/auth/token", data=form)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    auth = {"Authorization": f"Bearer {token(data['coordinator_id'], data['coordinator_secret'])}"}
    body = {**EVENT_BODY, "network_id": data["network_id"]}
    created = httpx.post(f"{base}/v1/events", json=body, headers=auth)
    assert created.status_code == 201, created.text
    event_url = f"{base}/v1/events/{created.json()['id']}"
    event = httpx.get(event_url, headers=auth)
    networks = httpx.get(f"{base}/v1/networks", headers=auth)
    feed_url = f"{base}/ical/{data['feed_token']}.ics"
    feed = httpx.get(feed_url, timeout=120)
    with httpx.stream("GET", feed_url, headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["content-encoding"] == "gzip"
        gzipped = b"".join(zipped.iter_raw())
    for response in (event, networks, feed, zipped):
        assert response.status_code == 200, response.text
    assert gzip.decompress(gzipped) == feed.content
    headers = {k: feed.headers[k] for k in
               ("etag", "last-modified", "cache-control", "referrer-policy",
                "x-content-type-options", "vary")}  # fmt: skip
    (work / "feed.ics").write_bytes(feed.content)
    (work / "feed.ics.gz").write_bytes(gzipped)
    (work / "feed_headers.json").write_text(json.dumps(headers))
    (work / "event.json").write_bytes(event.content)
    (work / "networks.json").write_bytes(networks.content)
    script = work / "post.lua"
    lua_headers = "".join(
        f'wrk.headers["{k}"] = "{v}"\n'
        for k, v in {**auth, "Content-Type": "application/json"}.items()
    )
    script.write_text(f'wrk.method = "POST"\nwrk.body = [[{json.dumps(body)}]]\n{lua_headers}')
    return {
        "auth": auth, "event_url": event_url, "feed_url": feed_url, "etag": feed.headers["etag"],
        "post_script": script, "feed_bytes": len(feed.content),
        "gzip_bytes": len(gzipped),
    }  # fmt: skip


def run_engine(kind: str, url: str | None, args: argparse.Namespace) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"vuosikello-bench-http-{kind}-"))
    database_url = fresh_database(kind, url, work)
    data = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.true_limit_data", database_url, str(args.events)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.splitlines()[-1]
    )  # fmt: skip
    env = {"VUOSIKELLO_DATABASE_URL": database_url, "VUOSIKELLO_ENV": "test",
           "VUOSIKELLO_SECRET_KEY": "bench-secret-" + "x" * 40,
           "VUOSIKELLO_RATE_LIMIT_PER_MINUTE": "0", "VUOSIKELLO_FEED_RATE_LIMIT_PER_MINUTE": "0",
           "VUOSIKELLO_TOKEN_RATE_LIMIT_PER_MINUTE": "0"}  # fmt: skip
    results: dict[str, object] = {"engine": kind, "events": args.events, "pairs": {}}
    with uvicorn("app.main:app", env, "/healthz") as base:
        got = capture(base, data, work)
        results["feed_bytes"], results["gzip_bytes"] = got["feed_bytes"], got["gzip_bytes"]
        bare_env = {"VUOSIKELLO_BENCH_DIR": str(work),
                    "VUOSIKELLO_BENCH_DATABASE_URL": database_url}  # fmt: skip
        with uvicorn("bench.bare:app", bare_env, "/networks") as bare:
            auth = got["auth"]
            gz = {"Accept-Encoding": "gzip"}
            cases = {
                "feed": ((got["feed_url"], {}, None), (f"{bare}/feed", {}, None)),
                "feed_gzip": ((got["feed_url"], gz, None), (f"{bare}/feed.gz", gz, None)),
                "feed_304": ((got["feed_url"], {"If-None-Match": got["etag"]}, None),
                             (f"{bare}/feed304", {}, None)),
                "event_get": ((got["event_url"], auth, None), (f"{bare}/event", {}, None)),
                "networks_get": ((f"{base}/v1/networks", auth, None),
                                 (f"{bare}/networks", {}, None)),
                "event_post": ((f"{base}/v1/events", {}, got["post_script"]),
                               (f"{bare}/events", {}, got["post_script"])),
            }  # fmt: skip
            groups = {
                "feed": ("feed", "feed_gzip", "feed_304"),
                "reads": ("event_get", "networks_get"),
                "write": ("event_post",),
            }
            wanted = [c for g in args.only.split(",") for c in groups[g]]
            for name in wanted:
                candidate, limit = cases[name]
                pairs = []
                for _ in range(args.pairs):
                    load_before = os.getloadavg()[0]
                    ours = wrk(candidate[0], args.seconds, args.connections, candidate[1],
                               candidate[2])  # fmt: skip
                    theirs = wrk(limit[0], args.seconds, args.connections, limit[1], limit[2])
                    pairs.append({"vuosikello": ours, "bare": theirs, "ratio": ours / theirs,
                                  "load": round(load_before, 2)})  # fmt: skip
                ratio = statistics.median(p["ratio"] for p in pairs)
                results["pairs"][name] = {  # type: ignore[index]
                    "runs": pairs,
                    "median_ratio": round(ratio, 3),
                    "target": TARGETS[name],
                    "met": ratio >= TARGETS[name],
                }
                print(f"{kind:10} {name:13} " + "  ".join(
                    f"{p['vuosikello']:8.1f} / {p['bare']:8.1f} = {p['ratio']:.3f}" for p in pairs
                ) + f"  median {ratio:.3f} (target {TARGETS[name]}) load {pairs[0]['load']}",
                      flush=True)  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgresql", help="an empty database to drop and create again")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--only", default="feed,reads,write")
    args = parser.parse_args()
    ensure_wrk()
    engines = [] if args.no_sqlite else [("sqlite", None)]
    if args.postgresql:
        engines.append(("postgresql", args.postgresql))
    results = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "wrk": {"seconds": args.seconds, "connections": args.connections, "threads": 1},
        "engines": [run_engine(kind, url, args) for kind, url in engines],
        "load_average_at_end": os.getloadavg(),
    }
    out = ROOT / "bench" / "results" / "http.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
