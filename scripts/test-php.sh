#!/usr/bin/env bash
# Runs the phpt suite in php-tests/ with PHP's own run-tests.php against
# redis-servers started here on free loopback ports and stopped by pid.
#
#   scripts/test-php.sh [path/to/librustredis.so] [run-tests args or tests...]
set -euo pipefail
cd "$(dirname "$0")/.."
SO=$(realpath "${1:-target/release/librustredis.so}")
shift || true

# shellcheck source=lib/phptest.sh
source scripts/lib/phptest.sh
phptest_setup test-php.sh "$SO"
PHP_FULL=$("$PHP" -n -r 'echo PHP_VERSION;')
SERVER_VERSION=$("$REDIS_SERVER" --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')
echo "test-php.sh: PHP $PHP_FULL, $(basename "$REDIS_SERVER") $SERVER_VERSION"

TMP=$(mktemp -d /tmp/rustredis-test.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_redis NAME PORT [extra redis-server args...]
start_redis() {
    local name=$1 port=$2; shift 2
    "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$TMP" --logfile "$TMP/$name.log" --daemonize no "$@" &
    pids+=($!)
    for _ in $(seq 100); do
        if redis-cli -p "$port" ${REDIS_CLI_AUTH:-} ping 2>/dev/null | grep -q PONG; then return 0; fi
        sleep 0.05
    done
    echo "redis-server $name did not start on port $port" >&2
    cat "$TMP/$name.log" >&2
    return 1
}

PORT=$(free_port)
start_redis main "$PORT" --unixsocket "$TMP/redis.sock" --unixsocketperm 700
PORT_B=$(free_port)
start_redis b "$PORT_B"
PORT_C=$(free_port)
start_redis c "$PORT_C"
# A replica of B, for wait_replicas.
PORT_B_REPLICA=$(free_port)
start_redis b-replica "$PORT_B_REPLICA" --replicaof 127.0.0.1 "$PORT_B"
PORT_AUTH=$(free_port)
REDIS_CLI_AUTH="--user alice --pass wonderland --no-auth-warning" \
    start_redis auth "$PORT_AUTH" --requirepass s3cret \
    --user alice on '>wonderland' '~*' '&*' '+@all'

# TLS: a throwaway CA and a server certificate for localhost/127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/ca.key" -out "$TMP/ca.crt" \
    -days 2 -subj "/CN=rustredis test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$TMP/server.key" -out "$TMP/server.csr" \
    -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$TMP/san.cnf"
openssl x509 -req -in "$TMP/server.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" \
    -CAcreateserial -out "$TMP/server.crt" -days 2 -extfile "$TMP/san.cnf" 2>/dev/null
# A second certificate from the same CA, for another name only: connecting to
# 127.0.0.1 fails the host name check and nothing else.
openssl req -newkey rsa:2048 -nodes -keyout "$TMP/other.key" -out "$TMP/other.csr" \
    -subj "/CN=other.invalid" 2>/dev/null
printf 'subjectAltName=DNS:other.invalid\n' > "$TMP/other-san.cnf"
openssl x509 -req -in "$TMP/other.csr" -CA "$TMP/ca.crt" -CAkey "$TMP/ca.key" \
    -CAcreateserial -out "$TMP/other.crt" -days 2 -extfile "$TMP/other-san.cnf" 2>/dev/null

# start_tls_redis NAME PORT CERT KEY
start_tls_redis() {
    "$REDIS_SERVER" --port 0 --tls-port "$2" --bind 127.0.0.1 --save '' --appendonly no \
        --tls-cert-file "$3" --tls-key-file "$4" \
        --tls-ca-cert-file "$TMP/ca.crt" --tls-auth-clients no \
        --dir "$TMP" --logfile "$TMP/$1.log" --daemonize no &
    pids+=($!)
    for _ in $(seq 100); do
        redis-cli --tls --cacert "$TMP/ca.crt" --sni "${5:-localhost}" -h 127.0.0.1 -p "$2" \
            ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.05
    done
}
PORT_TLS=$(free_port)
start_tls_redis tls "$PORT_TLS" "$TMP/server.crt" "$TMP/server.key"
PORT_TLS_OTHER=$(free_port)
start_tls_redis tls-other "$PORT_TLS_OTHER" "$TMP/other.crt" "$TMP/other.key" other.invalid

export RUSTREDIS_TEST_PORT_TLS=$PORT_TLS RUSTREDIS_TEST_CAFILE=$TMP/ca.crt
export RUSTREDIS_TEST_PORT_TLS_OTHER=$PORT_TLS_OTHER
export RUSTREDIS_TEST_HOST=127.0.0.1
export RUSTREDIS_TEST_PORT=$PORT RUSTREDIS_TEST_PORT_B=$PORT_B RUSTREDIS_TEST_PORT_C=$PORT_C
export RUSTREDIS_TEST_PORT_B_REPLICA=$PORT_B_REPLICA
export RUSTREDIS_TEST_PORT_AUTH=$PORT_AUTH RUSTREDIS_TEST_SOCKET=$TMP/redis.sock
export RUSTREDIS_TEST_TMP=$TMP RUSTREDIS_TEST_REDIS_SERVER=$REDIS_SERVER
export RUSTREDIS_TEST_EXT=$SO
export TEST_PHP_EXECUTABLE=$PHP
export NO_INTERACTION=1 REPORT_EXIT_STATUS=1

# -n: no system php.ini, so an installed copy of rustredis (or phpredis)
# is never loaded next to the one under test; tests that need phpredis load it.
status=0
# session.use_strict_mode=0: the suite's baseline on every PHP (8.6 turned it
# on by default); the strict-mode tests set it to 1 in their --INI--.
"$PHP" -n "$RUN_TESTS" -n -d "extension=$SO" -d session.use_strict_mode=0 -q --show-diff -j2 "${@:-php-tests}" \
    | tee "$TMP/run-tests.out" || status=$?
# One plain closing line for CI: "phpt: N passed, N failed, N skipped".
count() { sed -n "s/^Tests $1 *: *\([0-9]*\).*/\1/p" "$TMP/run-tests.out" | head -n1; }
echo "phpt: PHP $PHP_FULL, $(basename "$REDIS_SERVER") $SERVER_VERSION: $(count passed) passed, $(count failed) failed, $(count skipped) skipped"
exit $status
