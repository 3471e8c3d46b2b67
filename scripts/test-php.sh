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

# shellcheck source=lib/servers.sh
source scripts/lib/servers.sh
WS_REDIS_SERVER=$REDIS_SERVER
TMP=$(mktemp -d /tmp/rustredis-test.XXXXXX)
ws_init "$TMP"
trap ws_cleanup EXIT INT TERM

# Every server's data dir is $TMP (the tests start their own there too), its
# log $TMP/NAME.log.
PORT=$(free_port)
start_redis -d "$TMP" -l "$TMP/main.log" main "$PORT" --unixsocket "$TMP/redis.sock" --unixsocketperm 700
PORT_B=$(free_port)
start_redis -d "$TMP" -l "$TMP/b.log" b "$PORT_B"
PORT_C=$(free_port)
start_redis -d "$TMP" -l "$TMP/c.log" c "$PORT_C"
# A replica of B, for wait_replicas.
PORT_B_REPLICA=$(free_port)
start_redis -d "$TMP" -l "$TMP/b-replica.log" b-replica "$PORT_B_REPLICA" --replicaof 127.0.0.1 "$PORT_B"
PORT_AUTH=$(free_port)
start_redis -d "$TMP" -l "$TMP/auth.log" -a --user -a alice -a --pass -a wonderland -a --no-auth-warning \
    auth "$PORT_AUTH" --requirepass s3cret --user alice on '>wonderland' '~*' '&*' '+@all'

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

# start_tls_redis NAME PORT CERT KEY [SNI]: a TLS-only server; one that does
# not start does not stop the suite (its tests fail instead).
start_tls_redis() {
    start_redis -d "$TMP" -l "$TMP/$1.log" -t -a --tls -a --cacert -a "$TMP/ca.crt" -a --sni -a "${5:-localhost}" \
        "$1" "$2" --tls-cert-file "$3" --tls-key-file "$4" \
        --tls-ca-cert-file "$TMP/ca.crt" --tls-auth-clients no 2>/dev/null || true
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
# Every warning of every test process also goes to one log (children too,
# see scripts/lib/child.php), checked below for session ids.
export RUSTREDIS_TEST_ERROR_LOG=$TMP/warnings.log
: > "$RUSTREDIS_TEST_ERROR_LOG"
"$PHP" -n "$RUN_TESTS" -n -d "extension=$SO" -d session.use_strict_mode=0 \
    -d log_errors=1 -d "error_log=$RUSTREDIS_TEST_ERROR_LOG" -q --show-diff -j2 "${@:-php-tests}" \
    | tee "$TMP/run-tests.out" || status=$?
# No warning names a session by its id (an id in a log is a credential):
# the ids are the sessions left in the main server, the ids the tests
# write literally, and any id made by rr_id() (a tag, then 20 hex digits).
{
    "$WS_REDIS_CLI" -p "$PORT" --scan --pattern 'PHPREDIS_SESSION:*' | sed 's/^PHPREDIS_SESSION://'
    grep -ohE "session_id\\((['\"])[A-Za-z0-9,-]{8,}\\1" php-tests/*.phpt | sed -E "s/^session_id\\(.//; s/.$//"
} | grep -E '^[A-Za-z0-9,-]{8,}$' | sort -u > "$TMP/ids"
leaks=$({ grep -F -f "$TMP/ids" "$RUSTREDIS_TEST_ERROR_LOG" || true; grep -E 'rr[A-Za-z0-9]*[0-9a-f]{20}' "$RUSTREDIS_TEST_ERROR_LOG" || true; } | sort -u)
warnings=$(grep -c . "$RUSTREDIS_TEST_ERROR_LOG" || true)
if [ -n "$leaks" ]; then
    echo "FAIL a session id appears in the suite's warnings ($TMP/warnings.log):"
    echo "$leaks" | head -5
    status=1
else
    echo "PASS no session id in the suite's $warnings logged warning lines ($(wc -l < "$TMP/ids") ids checked)"
fi
# One plain closing line for CI: "phpt: N passed, N failed, N skipped".
count() { sed -n "s/^Tests $1 *: *\([0-9]*\).*/\1/p" "$TMP/run-tests.out" | head -n1; }
echo "phpt: PHP $PHP_FULL, $(basename "$REDIS_SERVER") $SERVER_VERSION: $(count passed) passed, $(count failed) failed, $(count skipped) skipped"
exit $status
