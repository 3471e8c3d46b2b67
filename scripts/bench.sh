#!/usr/bin/env bash
# The rustredis benchmark (`make bench`; `QUICK=1 make bench` for a short run):
# every session handler in ONE run, handlers interleaved, medians of
# repetitions, ratios to phpredis measured in the same run. Markdown on stdout;
# a full (non-QUICK) run also rewrites BENCHMARKS.md.
#
#   scripts/bench.sh [path/to/librustredis.so]
#
# Starts its own redis-server (x2), memcached, php-fpm masters (one per
# handler configuration) and nginx, all on loopback (127.0.0.1) ports or unix
# sockets under a mktemp directory, each with its own config, stopped by pid.
# Environment: QUICK=1 (short run, < 2 min), BENCH_SECTIONS="cli ceiling rtt
# web lost mem handover compress" (subset), BENCH_KEEP=1 (keep the temp
# directory). `compress` compares codecs with phpredis 6's: it needs a
# phpredis that compresses sessions (6.1+: make bench PHP_VERSION=8.4).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SO_IN=$(realpath "${1:-target/release/librustredis.so}")
[ -f "$SO_IN" ] || { echo "bench: $SO_IN not found (run: make build)" >&2; exit 1; }
QUICK=${QUICK:-0}
SECTIONS=${BENCH_SECTIONS:-cli ceiling rtt web lost mem handover compress}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }

scripts/deps.sh php%-redis php%-memcached memcached php%-fpm nginx wrk redis-tools

PHP=$(command -v php)
PHPV=$("$PHP" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
FPM=$(command -v "php-fpm$PHPV" || echo "/usr/sbin/php-fpm$PHPV")
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
REDIS_SERVER=$(command -v redis-server)
REDIS_CLI=$(command -v redis-cli)
MEMCACHED=$(command -v memcached)
WRK=$(command -v wrk)

if [ "$QUICK" = 1 ]; then
    CLI_SECS=0.5 CLI_REPS=1 RTT_N=50 WEB_SECS=1 WEB_REPS=1 WEB_WARM=1
    LOST_K=200 HO_TRIALS=8 CEIL_N=20000 CEIL_REPS=1
else
    CLI_SECS=2 CLI_REPS=3 RTT_N=200 WEB_SECS=5 WEB_REPS=3 WEB_WARM=1
    LOST_K=200 HO_TRIALS=30 CEIL_N=100000 CEIL_REPS=3
fi
WRK_CONNS=8 FPM_WORKERS=4 LOST_CONC=8  # wrk durations are whole seconds

export BENCH_TMP
BENCH_TMP=$(mktemp -d /tmp/rustredis-bench.XXXXXX)
TMP=$BENCH_TMP
# A private copy: a rebuild during the run must not change the .so under test.
export BENCH_SO=$TMP/librustredis.so
cp "$SO_IN" "$BENCH_SO"
# The same source built with the shared counters compiled out (feature
# bench-no-stats), a handler of its own: the counters' cost, side by side.
NOSTATS_DIR=${CARGO_TARGET_DIR:-$ROOT/target}/bench-no-stats
export BENCH_SO_NOSTATS=$TMP/librustredis-nostats.so
if [ "$SECTIONS" != compress ]; then
    echo "bench: building the comparison build without counters ($NOSTATS_DIR)" >&2
    CARGO_TARGET_DIR=$NOSTATS_DIR cargo build --release --quiet --features bench-no-stats
    cp "$NOSTATS_DIR/release/librustredis.so" "$BENCH_SO_NOSTATS"
fi
mkdir -p "$TMP/files-sess" "$TMP/args/main" "$TMP/args/count" "$TMP/fpm" "$TMP/nginx/logs"
RESULTS=$TMP/results.tsv
: > "$RESULTS"

# ---- processes: every one started through the scripts' library
# (scripts/lib/servers.sh: loopback only, /proc only, stopped by pid,
# workers with their master, newest first).
# shellcheck source=lib/servers.sh
source "$ROOT/scripts/lib/servers.sh"
WS_REDIS_SERVER=$REDIS_SERVER WS_REDIS_CLI=$REDIS_CLI
ws_init "$TMP"
cleanup() {
    WS_KEEP=${BENCH_KEEP:-0}
    ws_cleanup
    if [ "$WS_KEEP" = 1 ]; then echo "bench: kept $TMP" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "bench: $*" >&2; }

# ---- servers ----
RP=$(free_port); start_redis -d "$TMP" -l "$TMP/redis-main.log" main "$RP"
RPC=$(free_port); start_redis -d "$TMP" -l "$TMP/redis-count.log" count "$RPC"
MP=$(free_port)
ws_spawn memcached "$TMP/memcached.out" "$MEMCACHED" -u root -l 127.0.0.1 -p "$MP" -U 0 -m 1024 -c 4096 -t 1
wait_port "$MP" "${WS_PID[memcached]}" || { log "memcached did not start"; exit 1; }

rcli() { "$REDIS_CLI" -h 127.0.0.1 -p "$RP" "$@"; }
memc_cmd() {  # memc_cmd "stats" : one text-protocol command, prints the reply
    local line
    exec 3<>"/dev/tcp/127.0.0.1/$MP"
    printf '%s\r\nquit\r\n' "$1" >&3
    while IFS= read -r -t 5 line <&3; do printf '%s\n' "${line%$'\r'}"; done
    exec 3<&- 3>&-
}
flush_stores() {
    rcli flushall >/dev/null
    memc_cmd flush_all >/dev/null
    find "$TMP/files-sess" -mindepth 1 -delete
}
conns() {  # conns HANDLER: connections received so far by the handler's store
    case $1 in
        memc*) memc_cmd stats | sed -n 's/^STAT total_connections \([0-9]*\).*/\1/p' ;;
        files) echo 0 ;;
        *) rcli info stats | sed -n 's/^total_connections_received:\([0-9]*\).*/\1/p' ;;
    esac
}

source "$ROOT/scripts/bench/handlers.sh"
for h in "${HANDLERS[@]}"; do
    handler_args "$h" "$RP" "$MP" > "$TMP/args/main/$h"
    handler_args "$h" "$RPC" "$MP" > "$TMP/args/count/$h"
done
hargs() { mapfile -t HARGS < "$TMP/args/main/$1"; }

# ---- machine description ----
{
    printf 'nproc\t%s\n' "$(nproc)"
    printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
    printf 'kernel\t%s\n' "$(uname -sr)"
    printf 'php\t%s\n' "$("$PHP" -n -r 'echo PHP_VERSION;')"
    printf 'phpredis\t%s\n' "$("$PHP" -n -d extension=igbinary -d extension=redis -r 'echo phpversion("redis");')"
    printf 'memcachedext\t%s\n' "$("$PHP" -n -d extension=igbinary -d extension=msgpack -d extension=memcached -r 'echo phpversion("memcached");')"
    printf 'redis\t%s\n' "$("$REDIS_SERVER" --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
    printf 'memcached\t%s\n' "$("$MEMCACHED" -V | awk '{print $2}')"
    printf 'nginx\t%s\n' "$("$NGINX" -v 2>&1 | sed 's|.*/||')"
    printf 'wrk\t%s\n' "$("$WRK" --version 2>&1 | head -n1 | awk '{print $2}')"
    printf 'so\t%s\n' "$SO_IN"
    printf 'quick\t%s\n' "$QUICK"
    printf 'params\tCLI %s s x %s reps; round trips over %s cycles; web %s s x %s reps (wrk -t1 -c%s, php-fpm static %s workers); lost updates K=%s, %s at a time; hand-over %s trials; redis-benchmark -n %s x %s reps\n' \
        "$CLI_SECS" "$CLI_REPS" "$RTT_N" "$WEB_SECS" "$WEB_REPS" "$WRK_CONNS" "$FPM_WORKERS" "$LOST_K" "$LOST_CONC" "$HO_TRIALS" "$CEIL_N" "$CEIL_REPS"
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$TMP/meta.tsv"
T0=$SECONDS

# ---- 1. CLI cycles/s ----
if want cli; then
    log "1. CLI cycles/s ($CLI_REPS reps x 4 cases x ${#HANDLERS[@]} handlers x $CLI_SECS s)"
    for rep in $(seq "$CLI_REPS"); do
        for bytes in 200 65536; do
            for mode in existing fresh; do
                for h in "${HANDLERS[@]}"; do
                    hargs "$h"
                    ttl=1440; [ "$mode" = fresh ] && ttl=5
                    out=$(timeout 120 "$PHP" -n "${HARGS[@]}" -d "session.gc_maxlifetime=$ttl" \
                        "$ROOT/scripts/bench/cli.php" "$mode" "$bytes" "$CLI_SECS" 2>"$TMP/cli.err") \
                        || { log "cli $h $mode $bytes failed: $(head -c 300 "$TMP/cli.err")"; out="- -"; }
                    read -r cps fail <<< "$out"
                    printf 'cli\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$mode" "$bytes" "$rep" "$cps" "$fail" >> "$RESULTS"
                    [ "$mode" = fresh ] && flush_stores
                done
            done
        done
    done
    flush_stores
fi

# ---- 6. ceiling: redis-benchmark, one client, no pipelining ----
if want ceiling; then
    log "6. redis-benchmark ceiling"
    for rep in $(seq "$CEIL_REPS"); do
        for bytes in 200 65536; do
            "$(dirname "$REDIS_SERVER")/redis-benchmark" -h 127.0.0.1 -p "$RP" -c 1 -P 1 -n "$CEIL_N" \
                -d "$bytes" -t set,get --csv 2>/dev/null | tr -d '"' | \
                awk -F, -v b="$bytes" -v r="$rep" '$1=="SET"||$1=="GET" {printf "ceiling\t%s\t%s\t%s\t%s\n", $1, b, r, $2}' >> "$RESULTS"
        done
    done
    flush_stores
fi

# ---- 2. round trips and commands per request (dedicated redis-server) ----
if want rtt; then
    log "2. round trips per request (MONITOR on a dedicated redis-server)"
    "$PHP" -n "$ROOT/scripts/bench/rtt.php" "$RPC" "$MP" "$RTT_N" "$TMP/args/count" "${HANDLERS[@]}" >> "$RESULTS" \
        || log "rtt failed"
    flush_stores
fi

# ---- 3. web stack: nginx + one php-fpm master per handler ----
declare -A WEBPORT
if want web || want lost || want mem; then
    log "3. starting php-fpm x ${#HANDLERS[@]} and nginx"
    servers=""
    for h in "${HANDLERS[@]}"; do
        cat > "$TMP/fpm/$h.conf" <<CONF
[global]
pid = $TMP/fpm/$h.pid
error_log = $TMP/fpm/$h.log
daemonize = no
[bench]
user = root
group = root
listen = $TMP/fpm/$h.sock
listen.mode = 0666
pm = static
pm.max_children = $FPM_WORKERS
pm.max_requests = 0
clear_env = no
php_admin_value[error_log] = $TMP/fpm/$h-php.log
php_admin_flag[log_errors] = on
php_admin_flag[display_errors] = off
CONF
        hargs "$h"
        ws_spawn "fpm-$h" "$TMP/fpm/$h.out" "$FPM" -n -R -F -y "$TMP/fpm/$h.conf" "${HARGS[@]}"
        WEBPORT[$h]=$(free_port)
        servers+="
    server {
        listen 127.0.0.1:${WEBPORT[$h]} backlog=4096;
        location / {
            fastcgi_pass unix:$TMP/fpm/$h.sock;
            fastcgi_param SCRIPT_FILENAME $ROOT/scripts/bench/web/index.php;
            fastcgi_param SCRIPT_NAME /index.php;
            fastcgi_param REQUEST_METHOD \$request_method;
            fastcgi_param QUERY_STRING \$query_string;
            fastcgi_param REQUEST_URI \$request_uri;
            fastcgi_param SERVER_PROTOCOL \$server_protocol;
            fastcgi_param REMOTE_ADDR \$remote_addr;
            fastcgi_param SERVER_NAME \$server_name;
            fastcgi_param HTTPS '';
        }
    }"
    done
    cat > "$TMP/nginx/nginx.conf" <<CONF
user root;
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/body;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    proxy_temp_path $TMP/nginx/proxy;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
$servers
}
CONF
    for h in "${HANDLERS[@]}"; do
        for _ in $(seq 100); do [ -S "$TMP/fpm/$h.sock" ] && break; sleep 0.05; done
        [ -S "$TMP/fpm/$h.sock" ] || { log "php-fpm $h did not start:"; cat "$TMP/fpm/$h.out" "$TMP/fpm/$h.log" >&2; exit 1; }
    done
    ws_spawn nginx "$TMP/nginx/stdout.log" "$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/logs/error.log" -c "$TMP/nginx/nginx.conf"
    for h in "${HANDLERS[@]}"; do
        wait_port "${WEBPORT[$h]}" || { log "nginx did not start"; cat "$TMP/nginx/logs/error.log" >&2; exit 1; }
    done
    for h in "${HANDLERS[@]}"; do  # every handler answers
        body=$("$PHP" -n -r 'echo @file_get_contents($argv[1]);' "http://127.0.0.1:${WEBPORT[$h]}/index.php")
        [ "$body" = 1 ] || { log "web $h answered '$body'"; cat "$TMP/fpm/$h-php.log" "$TMP/nginx/logs/error.log" 2>/dev/null | tail -5 >&2; }
    done
fi

# wrk_run HANDLER SCENARIO SECONDS: prints "rps p50ms p99ms requests errors conns"
wrk_run() {
    local h=$1 scen=$2 secs=$3 c0 c1 out
    local url="http://127.0.0.1:${WEBPORT[$h]}/index.php"
    local args=(-t1 "-c$WRK_CONNS" "-d${secs}s" --latency --timeout 10s)
    if [ "$scen" = distinct ]; then args+=(-s "$ROOT/scripts/bench/distinct.lua")
    else args+=(-H "Cookie: PHPSESSID=shared$SHARED_TAG-${h//_/-}"); fi
    c0=$(conns "$h")
    out=$(timeout $((${secs%.*} + 30)) "$WRK" "${args[@]}" "$url" 2>&1) || true
    c1=$(conns "$h")
    echo "$out" > "$TMP/wrk-last.txt"
    echo "$out" | awk -v c="$((c1 - c0 - 1))" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
        /Non-2xx/ { e += $NF } /Socket errors/ { e += 0 }
        END { printf "%s %s %s %s %d %d\n", rps ? rps : "-", p50 ? p50 : "-", p99 ? p99 : "-", n ? n : 0, e, c }'
}
SHARED_TAG=$(printf '%04x%04x' $RANDOM $RANDOM)

if want web; then
    log "3. web: warm-up"
    for h in "${HANDLERS[@]}"; do wrk_run "$h" distinct "$WEB_WARM" >/dev/null; done
    flush_stores
    log "3. web: $WEB_REPS reps x 2 scenarios x ${#HANDLERS[@]} handlers x $WEB_SECS s"
    for rep in $(seq "$WEB_REPS"); do
        for scen in distinct shared; do
            for h in "${HANDLERS[@]}"; do
                read -r rps p50 p99 n err cn <<< "$(wrk_run "$h" "$scen" "$WEB_SECS")"
                printf 'web\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$scen" "$rep" "$rps" "$p50" "$p99" "$n" "$err" "$cn" >> "$RESULTS"
            done
            flush_stores
        done
    done
fi

# ---- 4. lost updates ----
if want lost; then
    log "4. lost updates: $LOST_K increments of one session, $LOST_CONC at a time"
    for h in "${HANDLERS[@]}"; do
        out=$(timeout 150 "$PHP" -n "$ROOT/scripts/bench/lost.php" "${WEBPORT[$h]}" "$LOST_K" "$LOST_CONC" 2>"$TMP/lost.err") \
            || { log "lost $h failed: $(head -c 300 "$TMP/lost.err")"; out="- -"; }
        read -r final bad <<< "$out"
        printf 'lost\t%s\t%s\t%s\t%s\n' "$h" "$LOST_K" "$final" "$bad" >> "$RESULTS"
    done
fi

# ---- 7. memory of the php-fpm workers ----
if want mem; then
    log "7. worker RSS"
    for h in "${HANDLERS[@]}"; do
        for w in $(children_of "${WS_PID[fpm-$h]}"); do
            rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$w/status" 2>/dev/null || true)
            [ -n "$rss" ] && printf 'mem\t%s\t%s\t%s\n' "$h" "$w" "$rss" >> "$RESULTS"
        done
    done
fi

# ---- 5. lock hand-over ----
if want handover; then
    log "5. lock hand-over ($HO_TRIALS trials per handler)"
    "$PHP" -n "$ROOT/scripts/bench/handover.php" "$HO_TRIALS" "$TMP/args/main" \
        files predis_lock predis_p_lock memc_lock rust_lock >> "$RESULTS" || log "handover failed"
fi

# ---- 8. compression: each codec, phpredis 6 and rustredis side by side ----
if want compress; then
    predis_v=$("$PHP" -n -d extension=igbinary -d extension=redis -r 'echo phpversion("redis");')
    if [ "$(printf '%s\n6.1\n' "$predis_v" | sort -V | head -n1)" != 6.1 ]; then
        log "8. compression: phpredis $predis_v has no session compression (6.1+); rustredis only (make bench PHP_VERSION=8.4 compares)"
        zpeers=(rust rust_lock)
    else
        zpeers=(predis rust rust_lock)
    fi
    log "8. compression ($CLI_REPS reps x 2 payloads x 4 codecs x ${#zpeers[@]} handlers x $CLI_SECS s)"
    for rep in $(seq "$CLI_REPS"); do
        for kind in hex64k cart; do
            for codec in none lzf lz4 zstd; do
                for h in "${zpeers[@]}"; do
                    hargs "$h"
                    if [[ $h == predis* ]]; then zini=(-d "redis.session.compression=$codec")
                    else zini=(-d "rustredis.compression=$codec"); fi
                    out=$(timeout 120 "$PHP" -n "${HARGS[@]}" "${zini[@]}" -d session.gc_maxlifetime=1440 \
                        "$ROOT/scripts/bench/compress.php" "$RP" "$kind" "$CLI_SECS" 2>"$TMP/z.err") \
                        || { log "compress $h $codec $kind failed: $(head -c 300 "$TMP/z.err")"; out="- - - - -"; }
                    read -r cps fail wire stored mem <<< "$out"
                    printf 'compress\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
                        "$h" "$codec" "$kind" "$rep" "$cps" "$fail" "$wire" "$stored" "$mem" >> "$RESULTS"
                    flush_stores
                done
            done
        done
    done
fi

printf 'elapsed\t%s s\n' "$((SECONDS - T0))" >> "$TMP/meta.tsv"
log "done in $((SECONDS - T0)) s; report:"
"$PHP" -n "$ROOT/scripts/bench/report.php" "$RESULTS" "$TMP/meta.tsv" "$ROOT" > "$TMP/report.md"
cat "$TMP/report.md"
if [ "$QUICK" != 1 ] && [ "$SECTIONS" = "cli ceiling rtt web lost mem handover compress" ]; then
    # The machine's own PHP (8.2) keeps BENCHMARKS.md; other PHPs' runs
    # (make bench PHP_VERSION=8.4) sit next to it.
    out=BENCHMARKS.md
    [ "$PHPV" = 8.2 ] || out=BENCHMARKS-php$PHPV.md
    cp "$TMP/report.md" "$ROOT/$out"
    log "wrote $out"
fi
if [ "$QUICK" != 1 ] && [ "$SECTIONS" = compress ]; then
    cp "$TMP/report.md" "$ROOT/BENCHMARKS-compression.md"
    log "wrote BENCHMARKS-compression.md"
fi
