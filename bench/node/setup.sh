#!/usr/bin/env bash
# Sets up the Node.js comparison: SAP CAP (@sap/cds 9.9.3 + @cap-js/sqlite 2.4.2,
# pinned; the newest line that runs on Node 20) serving the demo database's customers
# table as OData v4, in a throw-away folder outside the repository.
#
#   bench/node/setup.sh [DIR]     (default /tmp/nodeodata)
#   NODE_DIR=/tmp/nodeodata bench/load.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-/tmp/nodeodata}
mkdir -p "$dir/srv"
cat >"$dir/package.json" <<'JSON'
{
  "name": "odatagw-node-baseline",
  "private": true,
  "dependencies": {
    "@sap/cds": "9.9.3",
    "@cap-js/sqlite": "2.4.2",
    "express": "4.22.1"
  },
  "cds": {
    "requires": { "db": { "kind": "sqlite", "credentials": { "url": "demo.db" } } },
    "server": { "index": false }
  }
}
JSON
cat >"$dir/srv/db.cds" <<'CDS'
// The demo's customers table as it already exists in the SQLite file.
@cds.persistence.exists
entity customers {
  key CustomerCode : String(5);
  CompanyName      : String(60);
  ContactName      : String(60);
  City             : String(40);
  Country          : String(40);
}
CDS
cat >"$dir/srv/erp.cds" <<'CDS'
using { customers as db_customers } from './db';
service erp {
  entity customers as projection on db_customers;
}
CDS
(cd "$dir" && npm install --no-audit --no-fund)
rm -f "$dir/demo.db"
(cd "$repo" && go run ./bench/direct -create "$dir/demo.db")
# cds deploy would create the service's view; the table exists already, so only the view.
python3 - "$dir/demo.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE VIEW IF NOT EXISTS erp_customers AS SELECT CustomerCode, CompanyName, ContactName, City, Country FROM customers")
c.commit()
PY
echo "ready: (cd $dir && node_modules/.bin/cds-serve --port 4004)"
