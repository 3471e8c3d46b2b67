#!/usr/bin/env bash
# make deb-test PHP_VERSION=X.Y: the package of scripts/deb.sh, installed as
# an operator would, in a fresh root of that PHP's Debian suite that has no
# Rust, no compiler and no -dev package (scripts/root.sh's clean flavour:
# PHP's CLI and php-fpm, and the servers and tools the phpt suite runs
# with). There:
#   1. apt install ./phpX.Y-rustredis_*.deb pulls what it needs;
#   2. php -m and php-fpm -m list rustredis (enabled for every SAPI), and a
#      session works with only the package's ini loading it;
#   3. the phpt suite passes against the installed .so (not the build tree);
#   4. apt purge leaves no file of it behind.
# Ends with "deb-test: PHP X.Y: N passed, N failed".
#
#   scripts/deb-test.sh [X.Y]
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
V=${1:-${PHP_VERSION:-$(scripts/deps.sh --php-version)}}
ARCH=$(dpkg --print-architecture)
log() { echo "deb-test: $*" >&2; }

if [ "${2:-}" != --inside ]; then
    deb=$(ls "$TOP"/target/deb/php"$V"-rustredis_*_"$ARCH".deb 2>/dev/null | tail -n1 || true)
    [ -n "$deb" ] || deb=$(scripts/deb.sh "$V" | tail -n1)
    # run-tests.php comes with PHP's source, not with the runtime packages:
    # from Debian's source tarball of this branch (8.5, 8.6: none is served
    # yet, so 8.4's; the script runs any PHP 8).
    CACHE=$TOP/target/php-src
    # shellcheck source=lib/php-source.sh
    source "$TOP/scripts/lib/php-source.sh"
    rt=$TOP/target/deb/run-tests-$V.php
    if [ ! -f "$rt" ]; then
        # A tarball the php-src tests cached, else the newest one served.
        for branch in "$V" 8.4; do
            cached=$(ls "$CACHE/php${branch}"_*.orig.tar.xz 2>/dev/null | sort -V | tail -n1 || true)
            if [ -n "$cached" ]; then
                SRC_VERSION=$(basename "$cached" .orig.tar.xz | cut -d_ -f2); break
            fi
            php_source_find "$branch" 40 && break
        done
        [ -n "${SRC_VERSION:-}" ] || { log "no PHP source for run-tests.php"; exit 1; }
        python3 - "$(php_source_tarball "$SRC_VERSION")" "php-$SRC_VERSION/run-tests.php" "$rt" <<'PY'
import sys, tarfile
tarball, member, out = sys.argv[1:]
with tarfile.open(tarball, "r:xz") as t, open(out, "wb") as f:
    f.write(t.extractfile(member).read())
PY
        log "run-tests.php from PHP $SRC_VERSION's source"
    fi
    t=$SECONDS
    RUSTREDIS_ROOT_FLAVOUR=clean scripts/root.sh ensure "$V" >/dev/null
    log "clean root of PHP $V ready in $((SECONDS - t)) s"
    exec env RUSTREDIS_ROOT_FLAVOUR=clean scripts/root.sh run "$V" \
        scripts/deb-test.sh "$V" --inside "/src/target/deb/$(basename "$deb")" "/src/target/deb/run-tests-$V.php"
fi

# Inside the clean root.
DEB=$3
export RUN_TESTS=$4
PKG=php$V-rustredis
passed=0 failed=0
check() {  # check WHAT COMMAND...: one PASS/FAIL line
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "PASS [deb] $what"
    else failed=$((failed + 1)); echo "FAIL [deb] $what"; fi
}

no_build_tools() {
    local found=() t
    for t in cargo rustc gcc cc clang php-config phpize; do
        command -v "$t" >/dev/null && found+=("$t")
    done
    found+=($(dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" && $2 ~ /-dev(:[a-z0-9]+)?$/ {print $2}'))
    [ ${#found[@]} -eq 0 ] || { echo "  found: ${found[*]}"; return 1; }
}
check "the root has no Rust, no compiler, no -dev package" no_build_tools

# Every file outside the checkout, the package database and logs.
snapshot() {
    find / -xdev \( -path /src -o -path /proc -o -path /tmp -o -path /dev -o -path /var/lib/dpkg \
        -o -path /var/lib/apt -o -path /var/cache -o -path /var/log -o -path /root \) -prune \
        -o -print | sort
}
snapshot >/tmp/before.txt

export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
installed() { apt-get install -y -q --no-install-recommends "$DEB" >/tmp/apt.log 2>&1 || { tail -n 20 /tmp/apt.log; return 1; }; }
check "apt install ./$(basename "$DEB") (it pulls its dependencies)" installed
API=$(dpkg-query -W -f '${Depends}' "$PKG" | grep -o 'phpapi-[0-9]*' | cut -d- -f2)
SO=/usr/lib/php/$API/rustredis.so
check "the .so is where PHP $V loads extensions from ($SO)" test -f "$SO"
check "php -m lists rustredis (CLI, by the package's conf.d link)" sh -c "php -m | grep -qx rustredis"
FPM=$(command -v "php-fpm$V" || echo "/usr/sbin/php-fpm$V")
check "php-fpm$V -m lists rustredis" sh -c "'$FPM' -m | grep -qx rustredis"
check "enabled for every SAPI of PHP $V (cli, fpm conf.d links)" \
    test -L "/etc/php/$V/cli/conf.d/20-rustredis.ini" -a -L "/etc/php/$V/fpm/conf.d/20-rustredis.ini"

# A session with nothing but the package's ini loading the module.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile /tmp/redis-deb.pid >/dev/null
for _ in $(seq 50); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
session() {
    local id=deb$RANDOM$RANDOM out
    php -d session.save_handler=rustredis -d "session.save_path=tcp://127.0.0.1:$port" -d session.use_cookies=0 -d session.use_strict_mode=0 \
        -r "session_id('$id'); session_start(); \$_SESSION['n'] = 41; session_write_close();" &&
    out=$(php -d session.save_handler=rustredis -d "session.save_path=tcp://127.0.0.1:$port" -d session.use_cookies=0 -d session.use_strict_mode=0 \
        -r "session_id('$id'); session_start(); echo \$_SESSION['n'] + 1;") &&
    [ "$out" = 42 ] && [ "$(redis-cli -p "$port" exists "PHPREDIS_SESSION:$id")" = 1 ]
}
check "a session stored in Redis and read back, the module loaded by the package's ini" session
kill "$(cat /tmp/redis-deb.pid)" 2>/dev/null || true

# The phpt suite against the installed .so.
suite() { scripts/test-php.sh "$SO" > /tmp/phpt.log 2>&1 || { grep -E '^(FAIL|phpt:)' /tmp/phpt.log | head -20; return 1; }; }
check "phpt suite against the installed $SO" suite
grep '^phpt:' /tmp/phpt.log || true

# Removal: nothing of it left.
purged() { apt-get purge -y -q "$PKG" >/tmp/apt.log 2>&1 || { tail -n 20 /tmp/apt.log; return 1; }; }
check "apt purge $PKG" purged
left() {
    # Dependencies apt pulled in stay (apt autoremove's business); files of
    # ours must not.
    comm -13 /tmp/before.txt <(snapshot) | grep -i rustredis && return 1
    test ! -e "$SO" && ! php -m | grep -qx rustredis
}
check "no file of it left (.so, ini, conf.d links, docs), php -m without it" left

echo "deb-test: PHP $V: $passed passed, $failed failed ($(basename "$DEB"))"
[ "$failed" -eq 0 ]
