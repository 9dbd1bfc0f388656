#!/usr/bin/env bash
# Load test on loopback: the gateway on the demo database against two baselines run in
# the same session on the same machine, with the Salesforce list-view query.
#
#   bench/fixed   a minimal fiber handler returning the gateway's own response bytes
#                 (ceiling for a cache hit)
#   bench/direct  a minimal fiber handler running the same SQL directly, page and count
#                 in one round trip (ceiling for a cache miss)
#
# Usage: bench/load.sh            (DUR=5s CONN=8 THREADS=1 by default; wrk is required)
#        CONNS="8 16" bench/load.sh                     one run at each connection count
#        REPS=3 bench/load.sh                           each figure the median of 3 wrk runs
#        BASELINE=main CONNS="8 16" bench/load.sh       also measures the cache hit of the
#                                                       gateway built from git revision main
# The cache hit is measured twice: with -log-level warn (no access-log line) and with the
# default -log-level info (one access-log line per request, to a file).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${DUR:-5s} CONN=${CONN:-8} THREADS=${THREADS:-1}
CONNS=${CONNS:-$CONN} BASELINE=${BASELINE:-} REPS=${REPS:-1}
Q='/odata/customers?$select=CustomerCode,CompanyName,City,Country&$count=true&$top=26'
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

go build -o "$tmp/odatagw" ./cmd/odatagw
go build -o "$tmp/fixed" ./bench/fixed
go build -o "$tmp/direct" ./bench/direct
"$tmp/direct" -create "$tmp/demo.db"
if [ -n "$BASELINE" ]; then
	mkdir "$tmp/base"
	git archive "$BASELINE" | tar -x -C "$tmp/base"
	(cd "$tmp/base" && go build -o "$tmp/odatagw-base" ./cmd/odatagw)
fi

up() { for _ in $(seq 100); do curl -fso /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 1; }
# Gateway with its defaults (cache on, 5 s TTL) and one with the cache off.
"$tmp/odatagw" -listen 127.0.0.1:18180 -driver sqlite -dsn "$tmp/demo.db" -log-level warn 2>"$tmp/hit.log" & pids+=($!)
"$tmp/odatagw" -listen 127.0.0.1:18183 -driver sqlite -dsn "$tmp/demo.db" -log-level warn -cache-ttl 0 2>"$tmp/miss.log" & pids+=($!)
"$tmp/odatagw" -listen 127.0.0.1:18186 -driver sqlite -dsn "$tmp/demo.db" -log-level info 2>"$tmp/hit-info.log" & pids+=($!)
up "http://127.0.0.1:18186/odata/"
if [ -n "$BASELINE" ]; then
	"$tmp/odatagw-base" -listen 127.0.0.1:18185 -driver sqlite -dsn "$tmp/demo.db" -log-level warn 2>"$tmp/base.log" & pids+=($!)
	"$tmp/odatagw-base" -listen 127.0.0.1:18187 -driver sqlite -dsn "$tmp/demo.db" -log-level info 2>"$tmp/base-info.log" & pids+=($!)
	up "http://127.0.0.1:18185/odata/"; up "http://127.0.0.1:18187/odata/"
fi
"$tmp/direct" -dsn "$tmp/demo.db" -listen 127.0.0.1:18181 & pids+=($!)
"$tmp/direct" -dsn "$tmp/demo.db" -listen 127.0.0.1:18184 -count separate & pids+=($!)
up "http://127.0.0.1:18180/odata/"; up "http://127.0.0.1:18183/odata/"; up "http://127.0.0.1:18181$Q"; up "http://127.0.0.1:18184$Q"
curl -fs "http://127.0.0.1:18180$Q" >"$tmp/body.json"
"$tmp/fixed" -body "$tmp/body.json" -listen 127.0.0.1:18182 & pids+=($!)
up "http://127.0.0.1:18182$Q"

rps() { # url → requests/s (the median of REPS runs)
	for _ in $(seq "$REPS"); do
		wrk -t"$THREADS" -c"$CONN" -d"$DUR" "$1" | awk '/^Requests\/sec/ {print $2}'
	done | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
for CONN in $CONNS; do
echo "wrk -t$THREADS -c$CONN -d$DUR, query $Q"
fixed=$(rps "http://127.0.0.1:18182$Q");  echo "fixed bytes (bench/fixed):      $fixed req/s"
hit=$(rps "http://127.0.0.1:18180$Q");    echo "gateway, cache hit:             $hit req/s"
hiti=$(rps "http://127.0.0.1:18186$Q");   echo "gateway, cache hit, access log: $hiti req/s"
if [ -n "$BASELINE" ]; then
	base=$(rps "http://127.0.0.1:18185$Q");  echo "baseline $BASELINE, cache hit:  $base req/s"
	basei=$(rps "http://127.0.0.1:18187$Q"); echo "baseline, hit, access log:      $basei req/s"
fi
direct=$(rps "http://127.0.0.1:18181$Q"); echo "direct SQL, one round trip:     $direct req/s"
direct2=$(rps "http://127.0.0.1:18184$Q"); echo "direct SQL, separate COUNT:     $direct2 req/s"
miss=$(rps "http://127.0.0.1:18183$Q");   echo "gateway, cache off (miss):      $miss req/s"
awk -v h="$hit" -v hi="$hiti" -v f="$fixed" -v m="$miss" -v d="$direct" -v d2="$direct2" 'BEGIN {
	printf "ratio hit/fixed   = %.2f, with the access log %.2f  (target >= 0.8, floor 0.6)\n", h/f, hi/f
	printf "ratio miss/direct = %.2f vs one round trip, %.2f vs separate COUNT (target >= 0.9, floor 0.8)\n", m/d, m/d2
}'
if [ -n "$BASELINE" ]; then
	awk -v h="$hit" -v hi="$hiti" -v b="$base" -v bi="$basei" -v f="$fixed" 'BEGIN {
		printf "baseline hit/fixed = %.2f, with the access log %.2f; this tree vs baseline: %.2fx, with the access log %.2fx\n", b/f, bi/f, h/b, hi/bi
	}'
fi
done
if [ -n "${NODE_DIR:-}" ]; then # set up by bench/node/setup.sh
	(cd "$NODE_DIR" && exec node_modules/.bin/cds-serve --port 4004 >"$tmp/node.log" 2>&1) & pids+=($!)
	NQ='/odata/v4/erp/customers?$select=CustomerCode,CompanyName,City,Country&$count=true&$top=26'
	up "http://127.0.0.1:4004$NQ"
	node=$(rps "http://127.0.0.1:4004$NQ"); echo "node OData server (SAP CAP):    $node req/s"
	awk -v h="$hit" -v m="$miss" -v n="$node" 'BEGIN { printf "ratio gateway-hit/node = %.1f, gateway-miss/node = %.1f (target >= 8)\n", h/n, m/n }'
fi
