#!/usr/bin/env bash
# The rustredis demo (`make demo`): the architecture rustredis exists for, on
# one machine. nginx balances requests round robin (no stickiness) over two
# php-fpm masters, "web1" and "web2", which keep their sessions in one
# redis-server through rustredis. Everything listens on free 127.0.0.1 ports,
# with config files of its own under a mktemp directory, and is stopped by
# pid, also when interrupted. A scripted client (demo/client.php) prints one
# PASS/FAIL line per step (14 steps: log in, failover of a web server, 50
# concurrent requests with and without locking, the pools' counters on their
# /stats pages and a /metrics scrape, Redis down and back, log out); the exit
# status is non-zero if a step failed. Sessions are named by their
# fingerprint ("#" + 12 hex of the id's SHA-256), never by the id itself.
#
#   scripts/demo.sh [SO]          run the scripted walk-through, stop everything
#   scripts/demo.sh --up [SO]     start the stack, leave it running, print the URL
#   scripts/demo.sh --down        stop what --up started
#
# SO defaults to target/release/librustredis.so. --up records the pids in
# $DEMO_STATE (/tmp/rustredis-demo.state).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=run
case ${1:-} in
--up) MODE=up; shift ;;
--down) MODE=down; shift ;;
-h | --help) sed -n '2,19p' "$0"; exit 0 ;;
esac
STATE=${DEMO_STATE:-/tmp/rustredis-demo.state}

# shellcheck source=lib/webstack.sh
source "$ROOT/scripts/lib/webstack.sh"

if [ "$MODE" = down ]; then
    if [ ! -f "$STATE" ]; then echo "demo: not running (no $STATE)"; exit 0; fi
    tmp=$(sed -n 's/^TMP=//p' "$STATE")
    case $tmp in /tmp/rustredis-demo.*) ;; *) echo "demo: bad state file $STATE" >&2; exit 1 ;; esac
    ws_stop_from_file "$tmp/pids"
    rm -rf "$tmp" "$STATE"
    echo "demo: stopped"
    exit 0
fi

# What the demo needs beyond the build packages (make's build target).
scripts/deps.sh php%-fpm nginx redis-server redis-tools

SO=$(realpath "${1:-target/release/librustredis.so}")
[ -f "$SO" ] || { echo "demo: $SO not found (run: make build)" >&2; exit 1; }
DOCROOT=$ROOT/demo
CLIENT=("$WS_PHP" -n "$DOCROOT/client.php")

if [ "$MODE" = up ] && [ -f "$STATE" ]; then
    url=$(sed -n 's/^URL=//p' "$STATE")
    if "${CLIENT[@]}" ping "$url" >/dev/null 2>&1; then
        echo "demo: already running at $url (stop it with: make demo-down)"
        exit 0
    fi
    "$0" --down >/dev/null
fi

ws_init "$(mktemp -d /tmp/rustredis-demo.XXXXXX)"
TMP=$WS_TMP
started=0
on_exit() {
    # --up leaves a stack that started completely running; anything else stops.
    if [ "$MODE" = up ] && [ "$started" = 1 ]; then return; fi
    ws_cleanup
    [ "$MODE" = up ] && rm -f "$STATE"
    return 0
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[ "$MODE" = up ] && WS_DETACH=1

REDIS_PORT=$(free_port)
# appendonly: the sessions survive the Redis restart of the walk-through.
start_redis redis "$REDIS_PORT" --appendonly yes

# web_pool NAME PORT: one php-fpm master loading the built extension.
web_pool() {
    start_fpm_pool "$1" "$2" \
        "-dextension=$SO" \
        "env[DEMO_SERVER] = $1" \
        "php_value[session.save_handler] = rustredis" \
        "php_value[session.save_path] = \"tcp://127.0.0.1:$REDIS_PORT\"" \
        "php_value[session.gc_maxlifetime] = 3600"
}
WEB1_PORT=$(free_port)
web_pool web1 "$WEB1_PORT"
WEB2_PORT=$(free_port)
web_pool web2 "$WEB2_PORT"
LB_PORT=$(free_port)
# A backend that refused a connection is left out for 1 s, then tried again.
WS_FAIL_TIMEOUT=1
start_nginx_lb nginx "$LB_PORT" "$DOCROOT/index.php" "127.0.0.1:$WEB1_PORT" "127.0.0.1:$WEB2_PORT"
URL=http://127.0.0.1:$LB_PORT/
"${CLIENT[@]}" ping "$URL" >/dev/null || { echo "demo: the app does not answer at $URL" >&2; exit 1; }

describe() {
    echo "  nginx        $URL  (pid ${WS_PID[nginx]}, round robin over web1 and web2)"
    echo "  php-fpm web1 127.0.0.1:$WEB1_PORT  (pid ${WS_PID[web1]}, $WS_FPM_WORKERS workers)"
    echo "  php-fpm web2 127.0.0.1:$WEB2_PORT  (pid ${WS_PID[web2]}, $WS_FPM_WORKERS workers)"
    echo "  redis-server 127.0.0.1:$REDIS_PORT  (pid ${WS_PID[redis]}, appendonly)"
    echo "  both pools:  extension=$SO"
    echo "               session.save_handler=rustredis session.save_path=tcp://127.0.0.1:$REDIS_PORT"
    echo "  configs and logs: $TMP"
}

if [ "$MODE" = up ]; then
    printf 'TMP=%s\nURL=%s\n' "$TMP" "$URL" >"$STATE"
    started=1
    echo "rustredis demo running:"
    describe
    echo
    echo "Open $URL in a browser; reload to see web1 and web2 take turns."
    echo "Each pool's session counters: ${URL}stats (Prometheus text: ${URL}metrics)."
    echo "Stop it with: make demo-down"
    exit 0
fi

# ---- the walk-through ----
JAR=$TMP/cookies
passed=0 failed=0 n=0
# step "what it shows" command...: runs the check, prints one transcript line.
step() {
    local what=$1 detail
    shift
    n=$((n + 1))
    if detail=$("$@" 2>&1); then
        passed=$((passed + 1))
        printf 'PASS %2d  %s\n         %s\n' "$n" "$what" "${detail//$'\n'/$'\n'         }"
    else
        failed=$((failed + 1))
        printf 'FAIL %2d  %s\n         %s\n' "$n" "$what" "${detail//$'\n'/$'\n'         }"
    fi
}
note() { printf -- '-- %s\n' "$*"; }
rcli() { "$WS_REDIS_CLI" -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

echo "rustredis demo: nginx -> php-fpm web1 + web2 -> redis-server, all on 127.0.0.1"
describe
echo

step "log in as alice (POST through nginx)" \
    "${CLIENT[@]}" login "$JAR" "$URL" alice
SID=$(cat "$JAR" 2>/dev/null || true)
KEY=PHPREDIS_SESSION:$SID
# What the transcript shows instead of the id (a credential): its fingerprint,
# as rustredis's warnings and RustRedis\fingerprint() name the session.
FP="#$(printf %s "$SID" | sha256sum | cut -c1-12)"
SHOWN="PHPREDIS_SESSION:<id of session $FP>"

step "10 requests: web1 and web2 take turns, both see alice" \
    "${CLIENT[@]}" alternate "$JAR" "$URL" alice 10

key_check() {
    [ "$(rcli exists "$KEY")" = 1 ] || { echo "no key $SHOWN"; return 1; }
    local lock
    lock=$(rcli exists "${KEY}_LOCK")
    echo "$SHOWN: $(rcli strlen "$KEY") bytes, TTL $(rcli ttl "$KEY") s; ..._LOCK keys: $lock"
    [ "$lock" = 0 ]
}
step "the session is one key in Redis (phpredis format), no lock left behind" key_check

workers1=$(children_of "${WS_PID[web1]}" | wc -l)
note "killing web1: SIGKILL to its php-fpm master (pid ${WS_PID[web1]}) and its $workers1 workers"
stop_tree "${WS_PID[web1]}" KILL
web1_dead() {
    if alive "${WS_PID[web1]}" || port_open "$WEB1_PORT"; then
        echo "web1 still running"; return 1
    fi
    "${CLIENT[@]}" only "$JAR" "$URL" alice 4 web2
}
step "web1 is gone: the next 4 requests reach web2, alice still logged in" web1_dead

web_pool web1 "$WEB1_PORT"
note "web1 started again on 127.0.0.1:$WEB1_PORT (pid ${WS_PID[web1]})"
step "web1 is back and serves the same session" \
    "${CLIENT[@]}" back "$JAR" "$URL" alice web1

note "the pools' counters before the next two steps (/stats of web1 + web2):" \
    "$("${CLIENT[@]}" stats-save "$URL" "$TMP/stats.before" 2>&1)"
step "50 concurrent +1 on one session, locking on (default): exactly +50" \
    "${CLIENT[@]}" parallel "$JAR" "$URL" 50 exact
step "the same with rustredis.locking_enabled=0 (?nolock=1, demo only): updates lost" \
    "${CLIENT[@]}" parallel "$JAR" "$URL" 50 lost nolock
# Each php-fpm master is a pool of its own: its /stats page shows its workers'
# counters (web1's since its restart). The client asks nginx until each one
# answered (X-Demo-Server), without a cookie: reading stats starts no session.
step "each pool's /stats (web1, web2): scope pool; >= 50 locks taken and writes, waits > 0" \
    "${CLIENT[@]}" stats "$URL" 50 "$TMP/stats.before"
step "a Prometheus scrape of web1 (/metrics, text format 0.0.4)" \
    "${CLIENT[@]}" metrics "$URL" web1 rustredis_info rustredis_locks_taken_total \
    rustredis_lock_waits_total rustredis_lock_wait_seconds_count rustredis_server_evicts_sessions
COUNT=$("${CLIENT[@]}" show "$JAR" "$URL" alice '*' | sed -n 's/.*count=//p' || true)

stop_pid "${WS_PID[redis]}"
note "redis-server stopped (pid ${WS_PID[redis]})"
touch "$TMP/marker"
step "Redis down: both web servers answer HTTP 503 \"session store unavailable\"" \
    "${CLIENT[@]}" down "$JAR" "$URL"
warning=$(cat "$TMP"/web*/php-errors.log 2>/dev/null | grep -m1 -o 'PHP Warning: .*' \
    | sed 's/  */ /g; s/ in \/.*//' || true)
note "logged by PHP: ${warning:-(nothing)}"
php_alive() {
    local p w total=0 local_files
    for p in web1 web2; do
        alive "${WS_PID[$p]}" || { echo "$p master died"; return 1; }
        w=$(children_of "${WS_PID[$p]}" | wc -l)
        total=$((total + w))
    done
    # Fail closed: no session file was written anywhere local instead.
    local_files=$(find /tmp /var/lib/php/sessions "$TMP" -maxdepth 2 -name 'sess_*' \
        -newer "$TMP/marker" 2>/dev/null | wc -l)
    echo "both php-fpm masters running with $total workers; session files written locally: $local_files"
    [ "$total" -eq $((2 * WS_FPM_WORKERS)) ] && [ "$local_files" -eq 0 ]
}
step "PHP did not crash and fell back to nothing local" php_alive

start_redis redis "$REDIS_PORT" --appendonly yes
note "redis-server started again on the same port (pid ${WS_PID[redis]}), php-fpm not restarted"
step "the next requests work again, on both servers: alice still logged in" \
    "${CLIENT[@]}" alternate "$JAR" "$URL" alice 2
step "the session survived the restart: counter still $COUNT" \
    "${CLIENT[@]}" show "$JAR" "$URL" alice "$COUNT"

logout_check() {
    "${CLIENT[@]}" logout "$JAR" "$URL" || return 1
    [ "$(rcli exists "$KEY")" = 0 ] || { echo "$SHOWN still in Redis"; return 1; }
}
step "log out: the session is destroyed, its key gone from Redis" logout_check

echo
if [ "$failed" -eq 0 ]; then
    echo "demo: all $passed steps passed; stopping everything it started"
else
    echo "demo: $failed of $n steps FAILED (logs: $TMP, kept)"
    WS_KEEP=1
    exit 1
fi
