#!/usr/bin/env bash
# Runs lint, then the whole suite on SQLite and on PostgreSQL: the two halves at once, each
# spread over pytest-xdist workers (VUOSIKELLO_TEST_WORKERS, default 2; every worker has its
# own database), each with its own output, printed when it is done.
# With CI=true PostgreSQL is required (started if it is down); elsewhere a missing
# PostgreSQL skips that half with a visible message.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${VUOSIKELLO_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
export VUOSIKELLO_TEST_DATABASE_URL="$PG_URL"

pg_up() {
  "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://")
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc.__class__.__name__}", file=sys.stderr)
    sys.exit(1)
PY
}

echo "== ruff"
"$BIN/ruff" check . || exit 1
"$BIN/ruff" format --check . || exit 1

echo "== mypy"
"$BIN/mypy" || exit 1

echo "== dependency audit (pip-audit of .venv)"
"$BIN/python" tests/support/audit_dependencies.py || exit 1

echo "== iCal parsers for the feed tests (ical.js, libical)"
# ical.js (Thunderbird's parser) from the lock file; libical through GObject introspection.
if command -v npm >/dev/null; then
  (cd tests/support/icaljs && npm ci --no-audit --no-fund --silent) || echo "WARNING: npm ci failed in tests/support/icaljs" >&2
else
  echo "SKIPPED: npm not found; the ical.js feed tests will skip (fail in CI)" >&2
fi
if ! /usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" 2>/dev/null; then
  if [ "${CI:-}" = "true" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq gir1.2-ical-3.0 python3-gi >/dev/null
  else
    echo "SKIPPED: libical (gir1.2-ical-3.0, python3-gi) is missing; its feed tests will skip" >&2
  fi
fi

# nginx for tests/system/test_nginx.py (deploy/nginx/vuosikello.conf in front of the app).
if ! PATH="$PATH:/usr/sbin" command -v nginx >/dev/null; then
  if [ "${CI:-}" = "true" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null
  else
    echo "SKIPPED: nginx is missing; the nginx configuration test will skip" >&2
  fi
fi
echo "== headless Chromium, axe-core, newman and openapi-to-postmanv2 (tests/system, tests/contract)"
# Debian's chromium, driven by Playwright (no browser download); axe-core from package-lock.json.
if ! command -v chromium >/dev/null; then
  if [ "${CI:-}" = "true" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "SKIPPED: chromium is missing; the wheel and Swagger UI browser tests will skip" >&2
  fi
fi
if command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --silent || echo "WARNING: npm ci failed at the repository root" >&2
fi

WORKERS="${VUOSIKELLO_TEST_WORKERS:-2}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# Phase 1, everything but the `system` tests: both engines at once, each over xdist workers.
# Phase 2, the `system` tests. First the fuzzers (tests/contract: in-process, CPU-bound, no
# timing), both engines at once; then the real servers, workers and browsers (tests/system,
# timing under faults): one engine after the other and one test at a time, so that no real
# process is starved of CPU.
run_half() {  # phase backend [pytest args]: output to $OUT/<phase>-<backend>.log, rc beside it
  local phase=$1 backend=$2
  shift 2
  case "$phase" in
    fast) set -- -n "$WORKERS" --dist loadfile -m "not system" "$@" ;;
    fuzz) set -- -p no:xdist -m system tests/contract "$@" ;;
    *) set -- -p no:xdist -m system tests/system "$@" ;;
  esac
  VUOSIKELLO_TEST_BACKEND="$backend" "$BIN/pytest" "$@" >"$OUT/$phase-$backend.log" 2>&1
  echo $? >"$OUT/$phase-$backend.rc"
}

show_half() {
  echo "== $1 tests on $2"
  cat "$OUT/$1-$2.log"
  local rc
  rc="$(cat "$OUT/$1-$2.rc")"
  # pytest's 5: no test matched the selection (e.g. a -k that selects no system test).
  [ "$rc" -eq 5 ] && return 0
  return "$rc"
}

pg_ready=true
if ! pg_up; then
  if [ "${CI:-}" = "true" ]; then
    echo "starting the local PostgreSQL cluster"
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do pg_up 2>/dev/null && break; sleep 1; done
    if ! pg_up; then
      echo "FATAL: PostgreSQL is required in CI and could not be reached at ${PG_URL##*@}" >&2
      exit 1
    fi
  else
    pg_ready=false
  fi
fi

backends=(sqlite)
if $pg_ready; then
  backends+=(postgresql)
else
  echo "SKIPPED: PostgreSQL is not reachable at ${PG_URL##*@}; the PostgreSQL half will not run" >&2
fi

echo "== tests on ${backends[*]} ($WORKERS workers each, system tests after; output follows)"
jobs_=()
for backend in "${backends[@]}"; do
  run_half fast "$backend" "$@" &
  jobs_+=($!)
done
wait "${jobs_[@]}"
rc=0
for backend in "${backends[@]}"; do
  show_half fast "$backend" || rc=1
done
jobs_=()
for backend in "${backends[@]}"; do
  run_half fuzz "$backend" "$@" &
  jobs_+=($!)
done
wait "${jobs_[@]}"
for backend in "${backends[@]}"; do
  show_half fuzz "$backend" || rc=1
done
for backend in "${backends[@]}"; do
  run_half system "$backend" "$@"
  show_half system "$backend" || rc=1
done
echo "== summary"
for backend in "${backends[@]}"; do
  for phase in fast fuzz system; do
    printf '%-7s %-11s %s\n' "$phase" "$backend:" "$(tail -n 1 "$OUT/$phase-$backend.log")"
  done
done
exit $rc
