#!/usr/bin/env bash
# Installs the Debian packages rustredis needs to build and test, when they
# are missing. Safe to run again: it installs nothing that is already there.
#
#   scripts/deps.sh [PACKAGE...]         the build/test packages, plus PACKAGEs
#   scripts/deps.sh --list [PACKAGE...]  print them instead (scripts/root.sh
#                                        builds its Debian roots from this list)
#   scripts/deps.sh --list-runtime       what a web server running the Debian
#                                        package has, plus what the phpt suite
#                                        runs with: no compiler, no Rust, no
#                                        -dev package (scripts/deb-test.sh)
#   scripts/deps.sh --php-version        print the PHP version meant (see below)
#
# `php%` in a PACKAGE stands for the PHP being built for (`php%-fpm` is
# php8.4-fpm on trixie). That PHP is $PHP_VERSION, else the one this Debian
# release ships (bookworm 8.2, trixie 8.4); PHP_VERSION=host installs only
# the PACKAGEs given.
set -euo pipefail

list=0 runtime=0
case "${1:-}" in
--list) list=1; shift ;;
--list-runtime) list=1; runtime=1; shift ;;
--php-version) print_version=1; shift ;;
esac

codename=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")
v=${PHP_VERSION:-${RUSTREDIS_IN_ROOT:-}}
if [ -z "$v" ]; then
    case "$codename" in
    bookworm) v=8.2 ;;
    trixie) v=8.4 ;;
    *) echo "deps.sh: set PHP_VERSION (this Debian, '$codename', has no known default PHP)" >&2; exit 1 ;;
    esac
fi

if [ -n "${print_version:-}" ]; then echo "$v"; exit 0; fi

packages=()
if [ $runtime -eq 1 ]; then
    packages=("php$v-cli" "php$v-fpm" redis-server redis-tools python3 python3-prometheus-client
              openssl procps ca-certificates)
elif [ "$v" != host ]; then
    packages=("php$v-dev" "php$v-cli" libclang-dev clang libssl-dev pkg-config openssl
              redis-server redis-tools python3 make gcc libc6-dev ca-certificates procps
              "php$v-fpm" nginx curl python3-prometheus-client
              # zstd compression links the system libzstd, as Debian's phpredis does.
              libzstd-dev)
    # phpredis, the peer of the interop tests: Debian ships it for the
    # PHPs of its stable suites, not (yet) for experimental's 8.5 and 8.6.
    case "$v" in 8.2|8.4) packages+=("php$v-redis") ;; esac
    # Valkey: the phpt suite also runs against it on trixie.
    [ "$v" = 8.4 ] && packages+=(valkey-server)
fi
for p in "$@"; do packages+=("${p//php%/php$v}"); done

if [ $list -eq 1 ]; then printf '%s\n' "${packages[@]}"; exit 0; fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "rustredis: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
