#!/usr/bin/env bash
# The rustredis demo (`make demo`): one redis-server and two PHP web servers
# ("web1", "web2") sharing their sessions through it, on loopback ports, all
# started here and stopped by pid. A scripted client (demo/client.php) prints
# one PASS/FAIL line per step; the exit status is non-zero if a step failed.
#
#   scripts/demo.sh [path/to/librustredis.so]
set -euo pipefail
cd "$(dirname "$0")/.."
SO=$(realpath "${1:-target/release/librustredis.so}")
[ -f "$SO" ] || { echo "demo: $SO not found (run: make build)" >&2; exit 1; }
PHP=$(command -v php)
REDIS_SERVER=$(command -v redis-server)
REDIS_CLI=$(command -v redis-cli)
DOCROOT=$PWD/demo
CLIENT=(env "$PHP" -n "$DOCROOT/client.php")

TMP=$(mktemp -d /tmp/rustredis-demo.XXXXXX)
pids=()
# Process state from /proc (no procps needed): alive = exists and not a zombie.
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}
children_of() {  # pids whose parent is $1
    local f stat rest
    for f in /proc/[0-9]*/stat; do
        stat=$(cat "$f" 2>/dev/null) || continue
        rest=${stat##*) }; rest=${rest#* }
        [ "${rest%% *}" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
    done
    return 0
}
stop_pid() {  # stop_pid PID: TERM, wait up to 5 s, then KILL
    local pid=$1
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do alive "$pid" || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
    local pid child
    trap '' INT TERM  # a second Ctrl-C must not cut the cleanup short
    for pid in "${pids[@]}"; do
        # A built-in web server's worker processes are its children.
        for child in $(children_of "$pid"); do stop_pid "$child"; done
        stop_pid "$pid"
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$PHP" -n -r '$s = stream_socket_server("tcp://127.0.0.1:0");
        echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'
}

REDIS_PORT=$(free_port)
REDIS_PID=
start_redis() {
    # appendonly: the sessions survive the restart of step 6.
    "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' \
        --appendonly yes --dir "$TMP" --logfile "$TMP/redis.log" --daemonize no &
    REDIS_PID=$!
    pids+=("$REDIS_PID")
    for _ in $(seq 100); do
        "$REDIS_CLI" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.05
    done
    echo "demo: redis-server did not start" >&2; cat "$TMP/redis.log" >&2; return 1
}

# start_web NAME: a PHP built-in web server with 4 worker processes.
declare -A URL
start_web() {
    local name=$1 port
    port=$(free_port)
    DEMO_SERVER=$name PHP_CLI_SERVER_WORKERS=4 "$PHP" -n \
        -d "extension=$SO" \
        -d session.save_handler=rustredis \
        -d "session.save_path=tcp://127.0.0.1:$REDIS_PORT" \
        -d display_errors=0 -d log_errors=1 -d "error_log=$TMP/$name-errors.log" \
        -S "127.0.0.1:$port" -t "$DOCROOT" >"$TMP/$name.log" 2>&1 &
    pids+=($!)
    URL[$name]=http://127.0.0.1:$port
    for _ in $(seq 100); do
        "${CLIENT[@]}" ping "${URL[$name]}" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "demo: web server $name did not start" >&2; cat "$TMP/$name.log" >&2; return 1
}

passed=0 failed=0 n=0
# step "what it shows" command...: runs the check, prints one transcript line.
step() {
    local what=$1 detail; shift
    n=$((n + 1))
    if detail=$("$@" 2>&1); then
        passed=$((passed + 1)); printf 'PASS %2d  %s\n         %s\n' "$n" "$what" "$detail"
    else
        failed=$((failed + 1)); printf 'FAIL %2d  %s\n         %s\n' "$n" "$what" "$detail"
    fi
}
note() { printf '         %s\n' "$*"; }

JAR=$TMP/cookies
start_redis
start_web web1
start_web web2
echo "rustredis demo: redis-server on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID)," \
     "web1 ${URL[web1]}, web2 ${URL[web2]}"
echo "  both: php -S with session.save_handler=rustredis" \
     "session.save_path=tcp://127.0.0.1:$REDIS_PORT (locking on: the default)"
echo

step "log in as alice on web1" \
    "${CLIENT[@]}" login "$JAR" "${URL[web1]}" alice
SID=$(cat "$JAR" 2>/dev/null || true)

step "6 requests alternating web2/web1 all see alice" \
    "${CLIENT[@]}" alternate "$JAR" alice 6 "${URL[web2]}" "${URL[web1]}"

key_check() {
    local key="PHPREDIS_SESSION:$SID"
    [ "$("$REDIS_CLI" -p "$REDIS_PORT" exists "$key")" = 1 ] || { echo "no key $key"; return 1; }
    echo "$key = $("$REDIS_CLI" -p "$REDIS_PORT" get "$key")" \
         "(TTL $("$REDIS_CLI" -p "$REDIS_PORT" ttl "$key") s), no ${key}_LOCK left:" \
         "$("$REDIS_CLI" -p "$REDIS_PORT" exists "${key}_LOCK")"
}
step "the session is in Redis under the phpredis key" key_check

step "30 concurrent increments (15 per server) of one session: exactly +30" \
    "${CLIENT[@]}" parallel "$JAR" 30 "${URL[web1]}" "${URL[web2]}"

stop_pid "$REDIS_PID"
echo "-- redis-server stopped (pid $REDIS_PID)"
step "with Redis down web1 answers \"session store unavailable\"" \
    "${CLIENT[@]}" down "$JAR" "${URL[web1]}"
warning=$(grep -m1 -o 'PHP Warning: .*session_start.*' "$TMP/web1-errors.log" 2>/dev/null || true)
note "web1 logged: ${warning:-(nothing)}"
ping_both() {
    local a b
    a=$("${CLIENT[@]}" ping "${URL[web1]}") && b=$("${CLIENT[@]}" ping "${URL[web2]}") \
        && echo "$a; $b"
}
step "PHP keeps running: web1 and web2 still answer" ping_both

start_redis
echo "-- redis-server started again on the same port (pid $REDIS_PID)"
step "the next request works: alice still logged in, counter kept (web2)" \
    "${CLIENT[@]}" show "$JAR" "${URL[web2]}" alice 30
step "... and on web1" \
    "${CLIENT[@]}" show "$JAR" "${URL[web1]}" alice 30

echo
if [ "$failed" -eq 0 ]; then
    echo "demo: all $passed steps passed"
else
    echo "demo: $failed of $n steps FAILED (logs were in $TMP)"
    exit 1
fi
