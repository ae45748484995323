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

WORKERS="${VUOSIKELLO_TEST_WORKERS:-2}"
OUT="$(mktemp -d)"

run_half() {  # backend: pytest on that engine, output to $OUT/<backend>.log, rc to <backend>.rc
  VUOSIKELLO_TEST_BACKEND="$1" "$BIN/pytest" -n "$WORKERS" --dist loadfile "${@:2}" \
    >"$OUT/$1.log" 2>&1
  echo $? >"$OUT/$1.rc"
}

show_half() {
  echo "== tests on $1"
  cat "$OUT/$1.log"
  return "$(cat "$OUT/$1.rc")"
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

echo "== tests on SQLite and PostgreSQL ($WORKERS workers each; output follows when done)"
run_half sqlite "$@" &
sqlite_job=$!
if $pg_ready; then
  run_half postgresql "$@" &
  pg_job=$!
fi
wait "$sqlite_job"
show_half sqlite
sqlite_rc=$?
if ! $pg_ready; then
  echo "SKIPPED: PostgreSQL is not reachable at ${PG_URL##*@}; the PostgreSQL half did not run" >&2
  rm -rf "$OUT"
  exit $sqlite_rc
fi
wait "$pg_job"
show_half postgresql
pg_rc=$?
echo "== summary"
echo "SQLite:     $(tail -n 1 "$OUT/sqlite.log")"
echo "PostgreSQL: $(tail -n 1 "$OUT/postgresql.log")"
rm -rf "$OUT"
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
