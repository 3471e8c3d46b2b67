# shellcheck shell=bash
# Reusable pieces of a local web stack for the demo, the benchmark and
# test-fpm: php-fpm pools and an nginx load balancer, each on a free loopback
# port (127.0.0.1 only) with config files of its own under a temp directory,
# every process recorded and stopped by pid. Ports, processes and
# redis-servers come from scripts/lib/servers.sh, sourced here.
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

# shellcheck source=servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"
WS_PHPV=$("$WS_PHP" -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;' 2>/dev/null || echo 8.2)
WS_FPM=${WS_FPM:-$(command -v "php-fpm$WS_PHPV" || command -v php-fpm || echo "/usr/sbin/php-fpm$WS_PHPV")}
WS_NGINX=${WS_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
WS_FPM_WORKERS=${WS_FPM_WORKERS:-5}

# ---- services ----

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
