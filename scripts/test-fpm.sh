#!/usr/bin/env bash
# Connections scale with servers, not tenants (issue 12), under php-fpm:
# 4 workers serve 200 requests over 50 tenants, each tenant with its own
# key prefix on one Redis server; Redis must see at most 4 connections
# (one per worker) and every tenant's counter must be exact. The shared
# counters (issue 14): any worker's stats() and metrics() show all 200
# requests, the metrics parse with Prometheus's own parser; loaded per pool
# (php_admin_value[extension]) they count per worker and say so.
#
#   scripts/test-fpm.sh [path/to/librustredis.so]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SO=$(realpath "${1:-$ROOT/target/release/librustredis.so}")
WS_FPM_WORKERS=4
# shellcheck source=lib/webstack.sh
source "$ROOT/scripts/lib/webstack.sh"
ws_init "$(mktemp -d /tmp/rustredis-fpm.XXXXXX)"
trap ws_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
command -v curl >/dev/null || { echo "test-fpm: curl is missing (make deps)" >&2; exit 1; }

REDIS_PORT=$(free_port)
start_redis redis "$REDIS_PORT"
FPM_PORT=$(free_port)
start_fpm_pool fpm "$FPM_PORT" "-dextension=$SO" "-dsession.save_handler=rustredis" \
    "-dsession.use_cookies=0" "-dsession.cache_limiter=" "-dsession.use_strict_mode=0" \
    "env[TENANT_REDIS] = tcp://127.0.0.1:$REDIS_PORT"
LB_PORT=$(free_port)
start_nginx_lb lb "$LB_PORT" "$ROOT/scripts/fpm/tenant.php" "127.0.0.1:$FPM_PORT"

fails=0
for i in $(seq 0 199); do
    # Four requests at a time, so every worker gets some.
    curl -s "http://127.0.0.1:$LB_PORT/?tenant=$((i % 50))" >>"$WS_TMP/responses" &
    [ $((i % 4)) -eq 3 ] && wait
done
wait
ok=$(grep -c '^ok ' "$WS_TMP/responses" || true)
clients=$("$WS_REDIS_CLI" -p "$REDIS_PORT" info clients | tr -d '\r' | sed -n 's/^connected_clients://p')
clients=$((clients - 1)) # redis-cli itself
keys=$("$WS_REDIS_CLI" -p "$REDIS_PORT" --raw keys 'tenant*' | wc -l)
exact=0
for t in $(seq 0 49); do
    v=$("$WS_REDIS_CLI" -p "$REDIS_PORT" --raw get "tenant$t:fpmtenant$t")
    [ "$v" = 'n|i:4;' ] && exact=$((exact + 1))
done
say() { echo "$1 [fpm] $2"; [ "$1" = PASS ] || fails=$((fails + 1)); }
if [ "$ok" = 200 ]; then say PASS "200 of 200 requests ok"; else say FAIL "$ok of 200 requests ok: $(grep -v '^ok ' "$WS_TMP/responses" | sort | uniq -c | head -3 | tr '\n' ' ')"; fi
if [ "$clients" -le 4 ]; then
    say PASS "4 workers, 50 tenants' prefixes: $clients connections to Redis (at most one per worker)"
else
    say FAIL "4 workers, 50 tenants' prefixes: $clients connections to Redis, expected at most 4"
fi
if [ "$keys" = 50 ] && [ "$exact" = 50 ]; then
    say PASS "50 tenants' sessions apart ($keys keys), every counter exact (4 each)"
else
    say FAIL "tenant sessions: $keys keys, $exact of 50 counters exact"
fi
# Counters shared by the workers: whichever worker answers, it reports the
# whole pool's 200 requests.
stats_ok=0 last=""
for i in 1 2 3 4; do
    last=$(curl -s "http://127.0.0.1:$LB_PORT/?stats=1")
    python3 - "$last" <<'PY' && stats_ok=$((stats_ok + 1))
import json, sys
s = json.loads(sys.argv[1])
sys.exit(0 if s["scope"] == "pool" and s["sessions_opened"] == 200 and s["writes"] == 200
         and s["locks_taken"] == 200 and s["connections_opened"] <= 4 else 1)
PY
done
if [ "$stats_ok" = 4 ]; then
    say PASS "RustRedis\\stats() from 4 requests (any worker): scope pool, 200 sessions opened, 200 writes, 200 locks"
else
    say FAIL "RustRedis\\stats() did not show the pool's 200 requests ($stats_ok of 4 answers did): $last"
fi
# The same through RustRedis\metrics(), parsed by prometheus_client's parser
# (scripts/lib/check-metrics.py): no session id in any label.
metrics_ok=0 last=""
for i in 1 2 3 4; do
    if last=$(curl -s "http://127.0.0.1:$LB_PORT/?metrics=1" | "$ROOT/scripts/lib/check-metrics.py" --forbid fpmtenant 2>&1); then
        python3 - "$last" <<'PY' && metrics_ok=$((metrics_ok + 1))
import json, sys
m = json.loads(sys.argv[1])
t = m["totals"]
sys.exit(0 if t["rustredis_sessions_opened"] == 200 and t["rustredis_writes"] == 200
         and t["rustredis_locks_taken"] == 200 else 1)
PY
    fi
done
if [ "$metrics_ok" = 4 ]; then
    say PASS "RustRedis\\metrics() from 4 requests: parsed by prometheus_client, 200 sessions opened, 200 writes, 200 locks, no id in a label"
else
    say FAIL "RustRedis\\metrics() did not parse or show the pool's 200 requests ($metrics_ok of 4 did): ${last:0:300}"
fi
# Loaded per pool, after the fork: each worker has its own numbers, and
# stats() says so ("process"), as phpinfo and the README do.
ADMIN_PORT=$(free_port)
start_fpm_pool peradmin "$ADMIN_PORT" "php_admin_value[extension] = $SO"
ADMIN_LB=$(free_port)
start_nginx_lb adminlb "$ADMIN_LB" "$ROOT/scripts/fpm/tenant.php" "127.0.0.1:$ADMIN_PORT"
scope=$(curl -s "http://127.0.0.1:$ADMIN_LB/?stats=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["scope"])' 2>&1 || true)
if [ "$scope" = process ]; then
    say PASS "loaded by php_admin_value[extension]: stats() says scope process (per worker)"
else
    say FAIL "loaded by php_admin_value[extension]: scope '$scope', expected process"
fi
total=6
echo "test-fpm: $((total - fails)) passed, $fails failed"
[ "$fails" = 0 ]
