#!/usr/bin/env bash
# Install (when missing) and start Debian's PostgreSQL, with a database for backbeat's tests, and
# print the URL to put in BACKBEAT_TEST_PG_URL. Run as root; CI does, through .ci/run.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main "; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || pg_ctlcluster "$version" main status >/dev/null
as_postgres() { su postgres -c "$1"; }
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'backbeat'\"" | grep -q 1; then
  as_postgres "psql -qc \"CREATE ROLE backbeat LOGIN PASSWORD 'backbeat'\""
fi
# CREATEDB: the backup test restores a pg_dump into a database of its own, then drops it
as_postgres "psql -qc \"ALTER ROLE backbeat CREATEDB\""
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'backbeat_test'\"" | grep -q 1; then
  as_postgres "createdb -O backbeat backbeat_test"
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
echo "postgresql+psycopg://backbeat:backbeat@127.0.0.1:$port/backbeat_test"
