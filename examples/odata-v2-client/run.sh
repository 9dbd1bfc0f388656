#!/usr/bin/env bash
# Runs the real OData 2.0 client check (driver/main.go + check.js): installs the SAP
# Cloud SDK from package-lock.json when needed, then compares the client's results
# with direct SQL on SQLite and, with their DSN variables, MariaDB and PostgreSQL.
# Skips (exit 0, with a message) when node or npm is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP odata-v2-client: node/npm not installed; the SAP Cloud SDK V2 client check did not run"
  exit 0
fi
cd "$here"
# Idempotent: npm ci only when node_modules does not match the lock file.
if [ ! -d node_modules/@sap-cloud-sdk/generator ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "SKIP odata-v2-client: npm ci failed (registry unreachable?); the SAP Cloud SDK V2 client check did not run"
    exit 0
  fi
fi
cd "$root"
go run ./examples/odata-v2-client/driver -dir examples/odata-v2-client
