#!/usr/bin/env bash
# Debian roots for the PHP versions the machine's own Debian does not ship.
#
#   scripts/root.sh ensure VERSION        build (or reuse) target/roots/phpVERSION
#   scripts/root.sh run VERSION CMD...    run CMD in that root, in /src (the checkout)
#   scripts/root.sh native VERSION        exit 0 when this machine's own PHP is VERSION
#   scripts/root.sh describe VERSION      one line: suite and servers of that root
#
# RUSTREDIS_ROOT_FLAVOUR=clean: a root as an operator's web server is, with
# only the runtime packages (scripts/deps.sh --list-runtime: PHP, php-fpm,
# the test servers; no compiler, no -dev package) in target/roots/phpV-clean,
# entered without the Rust toolchain (scripts/deb-test.sh installs the
# package there). It exists for 8.2 (bookworm) too.
#
# A root is built with mmdebstrap from the Debian mirror apt already uses and
# cached under target/roots/; it is rebuilt when its recipe (suites, pins,
# package list) changes. `run` works in private mount and pid namespaces
# (unshare): every mount (/proc, /dev, the checkout, the Rust toolchain and
# cargo's registry) and every process started inside vanish when CMD ends,
# also on Ctrl-C or kill, so nothing is left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
ROOTS=${RUSTREDIS_ROOTS:-$TOP/target/roots}
FLAVOUR=${RUSTREDIS_ROOT_FLAVOUR:-}
case "$FLAVOUR" in ""|clean) ;; *) echo "root.sh: unknown RUSTREDIS_ROOT_FLAVOUR=$FLAVOUR" >&2; exit 1 ;; esac

die() { echo "root.sh: $*" >&2; exit 1; }

# The mirror apt on this machine uses (deb822 or one-line sources).
mirror() {
    local m
    m=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/\?$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
    [ -n "$m" ] || m=$(sed -n 's/^deb \[\?[^]]*\]\? *\(http[^ ]*\/debian\)\/\? .*/\1/p;s/^deb \(http[^ ]*\/debian\)\/\? .*/\1/p' \
        /etc/apt/sources.list 2>/dev/null | head -n1)
    echo "${m:-http://deb.debian.org/debian}"
}

# recipe VERSION: sets SUITE, SOURCES (sources.list lines), PINS (apt
# preferences) and DESCR. Package lists come from scripts/deps.sh, so the
# root and a native machine install the same things.
recipe() {
    local v=$1 m
    m=$(mirror)
    PINS=""
    case "$v" in
    8.2)
        [ "$FLAVOUR" = clean ] || die "PHP 8.2 is this machine's own (bookworm); only a clean root of it exists"
        SUITE=bookworm
        SOURCES="deb $m bookworm main
deb $m bookworm-updates main
deb ${m%/debian}/debian-security bookworm-security main"
        DESCR="Debian bookworm" ;;
    8.4)
        SUITE=trixie
        # trixie's newest PHP 8.4 comes from trixie-security.
        SOURCES="deb $m trixie main
deb $m trixie-updates main
deb ${m%/debian}/debian-security trixie-security main"
        DESCR="Debian trixie" ;;
    8.5|8.6)
        SUITE=sid
        SOURCES="deb $m sid main
deb $m experimental main"
        # Only PHP itself comes from experimental; php-common differs:
        # php8.5 needs sid's php-common (2:101), php8.6 experimental's (2:102~),
        # which breaks php8.5-common: one root per version.
        PINS="Package: php${v}*
Pin: release a=experimental
Pin-Priority: 990"
        if [ "$v" = 8.6 ]; then
            PINS="$PINS

Package: php-common php-pear dh-php pkg-php-tools
Pin: release a=experimental
Pin-Priority: 990"
        fi
        DESCR="Debian sid + experimental" ;;
    *) die "no Debian root is defined for PHP $v (known: 8.4 8.5 8.6; 8.2 is this machine's own)" ;;
    esac
    if [ "$FLAVOUR" = clean ]; then
        PACKAGES=$(PHP_VERSION=$v scripts/deps.sh --list-runtime)
        DESCR="$DESCR (clean: no build tools)"
    else
        PACKAGES=$(PHP_VERSION=$v scripts/deps.sh --list)
    fi
}

stamp_of() {
    recipe "$1"
    printf '%s\n--\n%s\n--\n%s\n--\n%s\n' "$SUITE" "$SOURCES" "$PINS" "$PACKAGES" | sha256sum | cut -c1-16
}

ensure() {
    local v=$1 dir="$ROOTS/php$1${FLAVOUR:+-$FLAVOUR}" want
    want=$(stamp_of "$v")
    if [ -f "$dir/.rustredis-root" ] && [ "$(cat "$dir/.rustredis-root")" = "$want" ]; then
        echo "$dir"; return 0
    fi
    command -v mmdebstrap >/dev/null || PHP_VERSION=host scripts/deps.sh mmdebstrap >&2
    recipe "$v"
    local tmp="$dir.new.$$" t0=$SECONDS
    rm -rf "$tmp"; mkdir -p "$ROOTS"
    echo "root.sh: building the $DESCR root for PHP $v (packages: $(echo $PACKAGES | wc -w))" >&2
    # Sid's and experimental's Release files are served expired here.
    local hook="mkdir -p \"\$1/etc/apt/preferences.d\" \"\$1/etc/apt/apt.conf.d\";
        printf '%s\n' 'Acquire::Check-Valid-Until \"false\";' > \"\$1/etc/apt/apt.conf.d/99rustredis\""
    [ -n "$PINS" ] && hook="$hook; printf '%s\n' \"$PINS\" > \"\$1/etc/apt/preferences.d/rustredis\""
    if ! printf '%s\n' "$SOURCES" | mmdebstrap --variant=apt --quiet \
            --aptopt='Acquire::Check-Valid-Until "false"' \
            --aptopt='APT::Install-Recommends "false"' \
            --setup-hook="$hook" \
            --include="$(echo $PACKAGES | tr ' ' ,)" \
            "$SUITE" "$tmp" - >&2; then
        rm -rf "$tmp"; die "mmdebstrap failed for PHP $v"
    fi
    mkdir -p "$tmp/src" "$tmp/root/.cargo" "$tmp/root/.rustup"
    echo "$want" > "$tmp/.rustredis-root"
    rm -rf "$dir"; mv "$tmp" "$dir"
    echo "root.sh: PHP $v root ready in $((SECONDS - t0)) s" >&2
    echo "$dir"
}

run() {
    local v=$1; shift
    [ $# -gt 0 ] || die "run: no command"
    local dir cargo_home rustup_home
    dir=$(ensure "$v")
    cargo_home=${CARGO_HOME:-$HOME/.cargo}
    rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
    # A clean root is entered without the toolchain: an empty cargo_home
    # tells the namespace script to bind nothing.
    if [ "$FLAVOUR" = clean ]; then
        cargo_home="" rustup_home=""
    else
        [ -x "$cargo_home/bin/cargo" ] || die "no cargo in $cargo_home/bin"
    fi
    cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
    # mmdebstrap writes no /etc/hosts; every real machine has localhost.
    [ -e "$dir/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$dir/etc/hosts"
    # Everything below lives in its own mount and pid namespace: when the
    # command ends, or unshare is killed (--kill-child), the kernel drops
    # the mounts and kills every process inside. The namespace's init (the
    # bash below, pid 1) passes Ctrl-C / SIGTERM on to everything inside:
    # pid 1 would otherwise ignore them.
    exec unshare --mount --pid --fork --kill-child --propagation private -- bash -c '
        set -e
        dir=$1 top=$2 cargo_home=$3 rustup_home=$4 v=$5; shift 5
        mount -t proc proc "$dir/proc"
        mount --rbind /dev "$dir/dev"
        mount -t tmpfs tmpfs "$dir/tmp"
        mount --bind "$top" "$dir/src"
        if [ -n "$cargo_home" ]; then
            mount --bind "$cargo_home" "$dir/root/.cargo"
            mount --bind "$rustup_home" "$dir/root/.rustup"
        fi
        set +e
        chroot "$dir" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
            PATH=/root/.cargo/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
            CARGO_HOME=/root/.cargo RUSTUP_HOME=/root/.rustup \
            CARGO_TARGET_DIR="/src/target/php$v" RUSTREDIS_IN_ROOT="$v" \
            bash -c "cd /src && exec \"\$@\"" bash "$@" &
        child=$!
        trap "kill -TERM -1 2>/dev/null" INT TERM HUP
        while :; do
            wait "$child"; rc=$?
            kill -0 "$child" 2>/dev/null || exit "$rc"
        done
    ' bash "$dir" "$TOP" "$cargo_home" "$rustup_home" "$v" "$@"
}

native() {
    command -v php-config >/dev/null || PHP_VERSION=host scripts/deps.sh >/dev/null 2>&1 || true
    command -v php-config >/dev/null || return 1
    [ "$(php-config --version | cut -d. -f1,2)" = "$1" ]
}

case "${1:-}" in
ensure) [ $# -eq 2 ] || die "usage: ensure VERSION"; ensure "$2" ;;
run) [ $# -ge 3 ] || die "usage: run VERSION CMD..."; shift; run "$@" ;;
native) [ $# -eq 2 ] || die "usage: native VERSION"; native "$2" ;;
describe) recipe "$2"; echo "$DESCR" ;;
*) die "usage: $0 ensure|run|native|describe VERSION [CMD...]" ;;
esac
