# shellcheck shell=bash
# Reusable pieces of a local web stack for the demo (and the benchmark):
# redis-server, php-fpm pools and an nginx load balancer, each on a free
# loopback port (127.0.0.1 only) with config files of its own under a temp
# directory, every process recorded and stopped by pid.
#
#   source scripts/lib/webstack.sh
#   ws_init "$(mktemp -d /tmp/NAME.XXXXXX)"
#   trap ws_cleanup EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
#   port=$(free_port)
#   start_redis redis "$port" --appendonly yes        -> WS_PID[redis]
#   start_fpm_pool web1 "$port" "-dextension=$SO" 'env[X] = web1'
#   start_nginx_lb lb "$port" "$DOCROOT/index.php" 127.0.0.1:P1 127.0.0.1:P2
#   stop_tree "${WS_PID[web1]}" KILL                  (a crash)
#   ws_stop_all                                       (everything, newest first)
#
# Every started process is also listed in $WS_TMP/pids ("pid name binary" per
# line), so another process can stop the stack later: ws_stop_from_file FILE.
# WS_DETACH=1 starts processes in a session of their own (setsid), so they
# outlive the script that started them (the demo's --up mode).
# Nothing here needs procps: process state comes from /proc.

WS_PHP=${WS_PHP:-$(command -v php || echo /usr/bin/php)}
WS_PHPV=$("$WS_PHP" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>/dev/null || echo 8.2)
WS_FPM=${WS_FPM:-$(command -v "php-fpm$WS_PHPV" || command -v php-fpm || echo "/usr/sbin/php-fpm$WS_PHPV")}
WS_NGINX=${WS_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
WS_REDIS_SERVER=${WS_REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
WS_REDIS_CLI=${WS_REDIS_CLI:-$(command -v redis-cli || echo /usr/bin/redis-cli)}
WS_FPM_WORKERS=${WS_FPM_WORKERS:-5}
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
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# children_of PID: the pids whose parent is PID.
children_of() {
    local f stat rest
    for f in /proc/[0-9]*/stat; do
        stat=$(cat "$f" 2>/dev/null) || continue
        rest=${stat##*) }
        rest=${rest#* }
        [ "${rest%% *}" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
    done
    return 0
}

# stop_pid PID [SIGNAL]: send SIGNAL (TERM), wait up to 5 s, then KILL.
stop_pid() {
    local pid=$1 sig=${2:-TERM}
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

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    "$WS_PHP" -n -r '$s = stream_socket_server("tcp://127.0.0.1:0");
        echo substr(strrchr(stream_socket_get_name($s, false), ":"), 1);'
}

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

# ---- services ----

# start_redis NAME PORT [redis-server option...]: a redis-server on
# 127.0.0.1:PORT, data and log under $WS_TMP/NAME/. Started again with the
# same NAME it finds its data (e.g. with --appendonly yes).
start_redis() {
    local name=$1 port=$2 dir=$WS_TMP/$1
    shift 2
    mkdir -p "$dir"
    ws_spawn "$name" "$dir/stdout.log" "$WS_REDIS_SERVER" --port "$port" --bind 127.0.0.1 \
        --save '' --appendonly no --dir "$dir" --logfile "$dir/redis.log" --daemonize no "$@"
    WS_PORT[$name]=$port
    for _ in $(seq 200); do
        "$WS_REDIS_CLI" -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && return 0
        alive "${WS_PID[$name]}" || break
        sleep 0.05
    done
    ws_log "redis-server $name did not start:"
    cat "$dir/redis.log" "$dir/stdout.log" >&2 2>/dev/null
    return 1
}

# start_fpm_pool NAME PORT [ARG...]: a php-fpm master with one pool NAME
# listening on 127.0.0.1:PORT (pm static, $WS_FPM_WORKERS workers), php -n
# (no system ini). ARGs starting with "-d" go to php-fpm's command line (e.g.
# "-dextension=/abs/librustredis.so"); the others are lines of the pool
# section (e.g. "env[DEMO_SERVER] = web1", "php_value[session.save_path] = ..").
# Config, logs and pid file under $WS_TMP/NAME/.
start_fpm_pool() {
    local name=$1 port=$2 dir=$WS_TMP/$1 arg
    shift 2
    local cli=() lines=()
    for arg in "$@"; do
        case $arg in
        -d*) cli+=("$arg") ;;
        *) lines+=("$arg") ;;
        esac
    done
    mkdir -p "$dir"
    {
        echo "[global]"
        echo "pid = $dir/php-fpm.pid"
        echo "error_log = $dir/php-fpm.log"
        echo "daemonize = no"
        echo "[$name]"
        if [ "$(id -u)" -eq 0 ]; then echo "user = root"; echo "group = root"; fi
        echo "listen = 127.0.0.1:$port"
        echo "listen.allowed_clients = 127.0.0.1"
        echo "pm = static"
        echo "pm.max_children = $WS_FPM_WORKERS"
        echo "catch_workers_output = yes"
        echo "php_admin_value[error_log] = $dir/php-errors.log"
        echo "php_admin_flag[log_errors] = on"
        echo "php_admin_flag[display_errors] = off"
        printf '%s\n' "${lines[@]}"
    } >"$dir/php-fpm.conf"
    ws_spawn "$name" "$dir/stdout.log" "$WS_FPM" -n -R -F -y "$dir/php-fpm.conf" "${cli[@]}"
    WS_PORT[$name]=$port
    wait_port "$port" "${WS_PID[$name]}" && return 0
    ws_log "php-fpm $name did not start:"
    cat "$dir/stdout.log" "$dir/php-fpm.log" >&2 2>/dev/null
    return 1
}

# start_nginx_lb NAME PORT SCRIPT BACKEND...: nginx on 127.0.0.1:PORT as a
# load balancer: every request goes to the PHP front controller SCRIPT on one
# of the FastCGI BACKENDs (host:port), round robin, no stickiness. A backend
# that refuses the connection or times out is skipped: the request is retried
# on the next one (fastcgi_next_upstream error timeout) and the backend is
# left out for WS_FAIL_TIMEOUT seconds (2). The response header
# X-Upstream names the backend that answered.
start_nginx_lb() {
    local name=$1 port=$2 script=$3 dir=$WS_TMP/$1 b servers=""
    shift 3
    for b in "$@"; do
        servers+="        server $b max_fails=1 fail_timeout=${WS_FAIL_TIMEOUT:-2}s;"$'\n'
    done
    mkdir -p "$dir/logs" "$dir/tmp"
    cat >"$dir/nginx.conf" <<CONF
$([ "$(id -u)" -eq 0 ] && echo "user root;")
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/tmp/body;
    fastcgi_temp_path $dir/tmp/fastcgi;
    proxy_temp_path $dir/tmp/proxy;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    upstream ${name}_backends {
$servers    }
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        location = /favicon.ico { access_log off; return 204; }
        location / {
            fastcgi_pass ${name}_backends;
            fastcgi_next_upstream error timeout;
            fastcgi_connect_timeout 2s;
            fastcgi_read_timeout 30s;
            add_header X-Upstream \$upstream_addr always;
            fastcgi_param SCRIPT_FILENAME $script;
            fastcgi_param SCRIPT_NAME /index.php;
            fastcgi_param DOCUMENT_ROOT $(dirname "$script");
            fastcgi_param REQUEST_METHOD \$request_method;
            fastcgi_param QUERY_STRING \$query_string;
            fastcgi_param CONTENT_TYPE \$content_type;
            fastcgi_param CONTENT_LENGTH \$content_length;
            fastcgi_param REQUEST_URI \$request_uri;
            fastcgi_param DOCUMENT_URI \$document_uri;
            fastcgi_param SERVER_PROTOCOL \$server_protocol;
            fastcgi_param REMOTE_ADDR \$remote_addr;
            fastcgi_param REMOTE_PORT \$remote_port;
            fastcgi_param SERVER_ADDR \$server_addr;
            fastcgi_param SERVER_PORT \$server_port;
            fastcgi_param SERVER_NAME \$server_name;
            fastcgi_param HTTPS '';
        }
    }
}
CONF
    ws_spawn "$name" "$dir/stdout.log" "$WS_NGINX" -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf"
    WS_PORT[$name]=$port
    wait_port "$port" "${WS_PID[$name]}" && return 0
    ws_log "nginx $name did not start:"
    cat "$dir/stdout.log" "$dir/logs/error.log" >&2 2>/dev/null
    return 1
}
