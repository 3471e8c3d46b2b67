# shellcheck shell=bash
# The one helper library of the test, bench and demo scripts for the
# processes they start: free loopback ports, redis-servers (and sentinels) on
# 127.0.0.1 that answer PONG before the caller goes on, every process
# recorded and stopped by pid. scripts/lib/webstack.sh adds php-fpm and nginx.
#
#   source scripts/lib/servers.sh
#   ws_init "$(mktemp -d /tmp/NAME.XXXXXX)"
#   trap ws_cleanup EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
#   port=$(free_port)                  read -r a b <<<"$(free_ports 2 10000)"
#   start_redis redis "$port" --appendonly yes        -> WS_PID[redis]
#   stop_pid "${WS_PID[redis]}"                       (one process)
#   ws_stop_all                                       (everything, newest first)
#
# Every started process is also listed in $WS_TMP/pids ("pid name binary" per
# line), so another process can stop the stack later: ws_stop_from_file FILE.
# WS_DETACH=1 starts processes in a session of their own (setsid), so they
# outlive the script that started them (the demo's --up mode).
# Nothing here needs procps: process state comes from /proc.

WS_PHP=${WS_PHP:-$(command -v php || echo /usr/bin/php)}
WS_REDIS_SERVER=${WS_REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
WS_REDIS_CLI=${WS_REDIS_CLI:-$(command -v redis-cli || echo /usr/bin/redis-cli)}
WS_DETACH=${WS_DETACH:-0}
declare -gA WS_PID WS_PORT
WS_PIDS=()

# ws_init DIR: DIR (from mktemp -d) holds every config, log and pid file.
ws_init() {
    WS_TMP=$1
    WS_PIDS=()
    WS_PID=()
    WS_PORT=()
    : >"$WS_TMP/pids"
}

ws_log() { printf '%s\n' "$*" >&2; }

# ---- processes ----

# alive PID: the process exists and is not a zombie.
alive() {
    local stat
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# children_of PID: the pids whose parent is PID.
children_of() {
    local f stat rest
    for f in /proc/[0-9]*/stat; do
        read -r stat 2>/dev/null <"$f" || continue
        rest=${stat##*) }
        rest=${rest#* }
        [ "${rest%% *}" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
    done
    return 0
}

# stop_pid PID [SIGNAL]: send SIGNAL (TERM; a stopped process is continued
# first), wait up to 5 s, then KILL.
stop_pid() {
    local pid=$1 sig=${2:-TERM}
    [ -n "$pid" ] || return 0
    [ "$sig" = KILL ] || kill -CONT "$pid" 2>/dev/null || true
    kill "-$sig" "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do alive "$pid" || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 20); do alive "$pid" || return 0; sleep 0.1; done
}

# stop_tree PID [SIGNAL]: a master process and its workers. The workers are
# looked up first (once the master is gone they belong to init), the master is
# stopped (php-fpm and nginx masters stop their workers on TERM), then any
# worker still there. SIGNAL=KILL kills them all at once: a crash.
stop_tree() {
    local pid=$1 sig=${2:-TERM} kids k
    kids=$(children_of "$pid")
    if [ "$sig" = KILL ]; then
        # shellcheck disable=SC2086
        kill -KILL "$pid" $kids 2>/dev/null || true
    fi
    stop_pid "$pid" "$sig"
    for k in $kids; do stop_pid "$k"; done
}

# ws_track NAME PID BINARY: remember a started process (BINARY: what it runs).
ws_track() {
    WS_PIDS+=("$2")
    WS_PID[$1]=$2
    echo "$2 $1 $(realpath "$3" 2>/dev/null || echo "$3")" >>"$WS_TMP/pids"
}

# ws_spawn NAME LOG COMMAND...: start COMMAND in the background (stdin from
# /dev/null, output to LOG) and track its pid.
ws_spawn() {
    local name=$1 log=$2
    shift 2
    if [ "$WS_DETACH" = 1 ]; then
        setsid "$@" </dev/null >"$log" 2>&1 &
    else
        "$@" </dev/null >"$log" 2>&1 &
    fi
    disown "$!" 2>/dev/null || true # no "Killed" job report from bash
    ws_track "$name" "$!" "$(command -v "$1")"
}

# ws_stop_all: stop every tracked process that still runs, newest first.
ws_stop_all() {
    [ -n "${WS_TMP:-}" ] && ws_stop_from_file "$WS_TMP/pids" >/dev/null
    WS_PIDS=()
}

# ws_cleanup: for `trap ws_cleanup EXIT`: stop everything, remove WS_TMP
# (unless WS_KEEP=1).
ws_cleanup() {
    trap '' INT TERM # a second Ctrl-C must not cut the cleanup short
    ws_stop_all
    if [ -n "${WS_TMP:-}" ] && [ "${WS_KEEP:-0}" != 1 ]; then
        rm -rf "$WS_TMP"
    fi
}

# ws_stop_from_file FILE: stop the processes a pids file lists, newest first,
# each only if its pid still runs the binary recorded for it (pids get reused).
ws_stop_from_file() {
    local file=$1 pid name exe lines=() i
    [ -f "$file" ] || return 0
    mapfile -t lines <"$file"
    for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
        read -r pid name exe <<<"${lines[i]}"
        [ -n "$pid" ] || continue
        if alive "$pid" && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$exe" ]; then
            stop_tree "$pid"
            echo "stopped $name (pid $pid)"
        fi
    done
}

# ---- ports ----

# free_ports N [GAP]: N distinct TCP ports on 127.0.0.1 that nothing listens
# on right now, on one line. With GAP, port+GAP is free too for each of them
# (Redis Cluster's bus: port + 10000) and the ports come from 12000-21000, so
# that port+GAP stays below the kernel's ephemeral range.
free_ports() {
    "$WS_PHP" -n -r '[, $n, $gap] = $argv + [2 => 0]; $n = (int) $n; $gap = (int) $gap; $out = [];
        if ($gap === 0) {
            $held = [];
            for ($i = 0; $i < $n; $i++) {
                $held[] = $s = stream_socket_server("tcp://127.0.0.1:0");
                $out[] = (int) substr(strrchr(stream_socket_get_name($s, false), ":"), 1);
            }
        } else {
            $free = function (int $p): bool {
                $s = @stream_socket_server("tcp://127.0.0.1:$p");
                if (!$s) { return false; }
                fclose($s);
                return true;
            };
            for ($i = 0; $i < 2000 && count($out) < $n; $i++) {
                $p = random_int(12000, 21000);
                if (!in_array($p, $out) && !in_array($p + $gap, $out) && $free($p) && $free($p + $gap)) { $out[] = $p; }
            }
        }
        echo implode(" ", $out), "\n";' -- "$@"
}

# free_port: one free TCP port on 127.0.0.1.
free_port() { free_ports 1; }

# port_open PORT: something accepts connections on 127.0.0.1:PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_port PORT [PID]: up to 10 s for PORT to accept connections; fails
# early if PID dies.
wait_port() {
    for _ in $(seq 200); do
        port_open "$1" && return 0
        [ -n "${2:-}" ] && ! alive "$2" && return 1
        sleep 0.05
    done
    return 1
}

# ---- redis ----

# start_redis [-d DIR] [-l LOG] [-f CONF] [-t] [-a CLI_ARG]... NAME PORT [redis-server option...]
# A redis-server on 127.0.0.1:PORT only, nothing saved (unless an option
# says so), started through ws_spawn (-> WS_PID[NAME], WS_PORT[NAME]); it
# returns once the server answers PING with PONG (up to 10 s, less if it
# dies), else says so with the log and fails.
#   -d DIR   its --dir ($WS_TMP/NAME, created); started again with the same
#            NAME it finds its data (e.g. with --appendonly yes)
#   -l LOG   its --logfile (DIR/redis.log)
#   -f CONF  a config file read first (e.g. a sentinel's, with --sentinel)
#   -t       PORT is a --tls-port (the plain port is off)
#   -a ARG   one more redis-cli argument for the PING (--tls, --user ...)
start_redis() {
    local OPTIND=1 opt dir="" log="" conf=() tls=0 cli=()
    while getopts d:l:f:ta: opt; do
        case $opt in
        d) dir=$OPTARG ;;
        l) log=$OPTARG ;;
        f) conf=("$OPTARG") ;;
        t) tls=1 ;;
        a) cli+=("$OPTARG") ;;
        *) return 2 ;;
        esac
    done
    shift $((OPTIND - 1))
    local name=$1 port=$2 ports out
    shift 2
    dir=${dir:-$WS_TMP/$name}
    out=$dir/stdout.log
    [ -n "$log" ] && out=${log%.log}.out
    log=${log:-$dir/redis.log}
    ports=(--port "$port")
    [ "$tls" = 1 ] && ports=(--port 0 --tls-port "$port")
    mkdir -p "$dir"
    ws_spawn "$name" "$out" "$WS_REDIS_SERVER" "${conf[@]}" "${ports[@]}" --bind 127.0.0.1 \
        --save '' --appendonly no --dir "$dir" --logfile "$log" --daemonize no "$@"
    WS_PORT[$name]=$port
    for _ in $(seq 200); do
        "$WS_REDIS_CLI" "${cli[@]}" -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && return 0
        alive "${WS_PID[$name]}" || break
        sleep 0.05
    done
    ws_log "redis-server $name did not start on 127.0.0.1:$port:"
    tail -n 20 "$log" "$out" >&2 2>/dev/null
    return 1
}
