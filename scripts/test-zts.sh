#!/usr/bin/env bash
# make test-zts: rustredis on a thread-safe (ZTS) PHP, which Debian does not
# ship: PHP 8.4 built here with --enable-zts from Debian's source tarball,
# in the PHP 8.4 (trixie) root, then
#   1. rustredis built against it, the phpt suite run with its CLI;
#   2. Apache httpd (Debian's, event MPM, one process, 32 threads) with
#      that PHP's mod_php and rustredis, under load and checked for what
#      threads must never share (scripts/zts/check.py).
#
#   scripts/test-zts.sh            (re-runs itself in the 8.4 root)
#
# The build is cached in target/zts/ (php-<version>/ is the prefix; a new
# source version or configure line builds again). Source: the newest
# php8.4_8.4.N.orig.tar.xz Debian's archive serves at or below trixie's PHP
# (scripts/lib/php-source.sh; `apt-get source php8.4` would need the exact
# version's tarball, which the archive no longer serves), configured with
# the minimum the tests need. Ends with "test-zts: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${RUSTREDIS_IN_ROOT:-}" != 8.4 ]; then
    exec scripts/root.sh run 8.4 scripts/test-zts.sh "$@"
fi
TOP=$PWD
T0=$SECONDS
log() { echo "test-zts: $*" >&2; }

# Build tools and Apache (with apxs, which --with-apxs2 needs).
PHP_VERSION=host scripts/deps.sh gcc make pkg-config libc6-dev xz-utils apache2 apache2-dev \
    wrk python3 redis-server redis-tools

CACHE=$TOP/target/php-src
# shellcheck source=lib/php-source.sh
source "$TOP/scripts/lib/php-source.sh"
DEB_PHP=$(php-config8.4 --version 2>/dev/null || php-config --version)
BRANCH=8.4
PATCH=$(echo "$DEB_PHP" | cut -d. -f3 | sed 's/[^0-9].*//')
php_source_find "$BRANCH" "${PATCH:-0}" || { log "no PHP source: $SRC_WHY"; exit 1; }
V=$SRC_VERSION

ZTS=$TOP/target/zts
PREFIX=$ZTS/php-$V
# What the tests need, nothing more: session, posix and pcntl (the lock
# tests fork), the CLI and Apache's module.
CONFIGURE=(--prefix="$PREFIX" --enable-zts --disable-all --enable-session --enable-posix
           --enable-pcntl --enable-cli --disable-cgi --disable-phpdbg --without-pear
           --with-apxs2=/usr/bin/apxs)
STAMP="$V ${CONFIGURE[*]}"
if [ ! -x "$PREFIX/bin/php" ] || [ "$(cat "$PREFIX/.stamp" 2>/dev/null)" != "$STAMP" ]; then
    t=$SECONDS
    tarball=$(php_source_tarball "$V")
    build=$ZTS/build-$V
    rm -rf "$build" "$PREFIX"
    mkdir -p "$build"
    log "building ZTS PHP $V from $(basename "$tarball")"
    tar -xJf "$tarball" -C "$build" --strip-components=1
    (
        cd "$build"
        ./configure "${CONFIGURE[@]}" >"$ZTS/configure-$V.log" 2>&1 ||
            { tail -n 30 "$ZTS/configure-$V.log" >&2; exit 1; }
        make -j"$(nproc)" >"$ZTS/make-$V.log" 2>&1 || { tail -n 30 "$ZTS/make-$V.log" >&2; exit 1; }
        # Not `make install`: its apxs step would edit the root's Apache.
        make install-cli install-headers install-build install-programs >>"$ZTS/make-$V.log" 2>&1
        mkdir -p "$PREFIX/lib/apache2" "$PREFIX/lib/php/build"
        cp libs/libphp.so "$PREFIX/lib/apache2/"
        cp run-tests.php "$PREFIX/lib/php/build/"
    )
    rm -rf "$build"
    echo "$STAMP" >"$PREFIX/.stamp"
    log "ZTS PHP $V built in $((SECONDS - t)) s"
else
    log "ZTS PHP $V cached in $PREFIX"
fi
"$PREFIX/bin/php" -n -r 'exit(PHP_ZTS ? 0 : 1);' || { log "$PREFIX/bin/php is not thread-safe"; exit 1; }

# 1. rustredis against it, and the phpt suite with its CLI.
t=$SECONDS
export PATH=$PREFIX/bin:$PATH PHP_CONFIG=$PREFIX/bin/php-config PHP=$PREFIX/bin/php
export CARGO_TARGET_DIR=$ZTS/cargo
cargo build --release --quiet
SO=$CARGO_TARGET_DIR/release/librustredis.so
log "rustredis built against ZTS PHP $V in $((SECONDS - t)) s"
passed=0 failed=0
t=$SECONDS
if RUN_TESTS=$PREFIX/lib/php/build/run-tests.php scripts/test-php.sh "$SO" | tee "$ZTS/phpt.log"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); log "phpt suite failed (log: target/zts/phpt.log)"
fi
log "phpt suite on ZTS PHP $V: $((SECONDS - t)) s"

# 2. Apache event MPM, one process of 32 threads, mod_php of the ZTS PHP.
# shellcheck source=lib/servers.sh
source "$TOP/scripts/lib/servers.sh"
TMP=$(mktemp -d /tmp/rustredis-zts.XXXXXX)
chmod 755 "$TMP"
ws_init "$TMP"
trap ws_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
RPORT=$(free_port)
start_redis redis "$RPORT"
HPORT=$(free_port)
THREADS=32
mkdir -p "$TMP/ini" "$TMP/logs"
chmod 777 "$TMP/logs"  # PHP logs as Apache's user
cat >"$TMP/ini/php.ini" <<INI
extension=$SO
session.save_handler=rustredis
session.save_path="tcp://127.0.0.1:$RPORT"
session.use_strict_mode=0
session.gc_probability=0
display_errors=0
log_errors=1
error_log=$TMP/logs/php.log
max_execution_time=30
INI
MODS=/usr/lib/apache2/modules
cat >"$TMP/httpd.conf" <<CONF
ServerRoot "$TMP"
ServerName 127.0.0.1
Listen 127.0.0.1:$HPORT
PidFile "$TMP/httpd.pid"
ErrorLog "$TMP/logs/error.log"
LogLevel warn
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule php_module $PREFIX/lib/apache2/libphp.so
User www-data
Group www-data
# One process: every request of the run is served by one of its threads.
StartServers 1
ServerLimit 1
ThreadLimit $THREADS
ThreadsPerChild $THREADS
MinSpareThreads 1
MaxSpareThreads $THREADS
MaxRequestWorkers $THREADS
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
PHPIniDir "$TMP/ini"
DocumentRoot "$TOP/scripts/zts/www"
<Directory "$TOP/scripts/zts/www">
    Require all granted
</Directory>
<FilesMatch "\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
CONF
ws_spawn httpd "$TMP/logs/httpd.out" /usr/sbin/apache2 -f "$TMP/httpd.conf" -DFOREGROUND
wait_port "$HPORT" "${WS_PID[httpd]}" || { log "apache did not start"; cat "$TMP/logs/"* >&2; exit 1; }
t=$SECONDS
if python3 scripts/zts/check.py --http "127.0.0.1:$HPORT" --redis "$RPORT" --threads "$THREADS" \
        --master "${WS_PID[httpd]}" --error-log "$TMP/logs/error.log" --php-log "$TMP/logs/php.log"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi
log "threaded server checks: $((SECONDS - t)) s"
log "done in $((SECONDS - T0)) s"
echo "test-zts: $passed passed, $failed failed (phpt suite on ZTS PHP $V; Apache event MPM, $THREADS threads in one process)"
[ "$failed" -eq 0 ]
