#!/usr/bin/env bash
# Installs the Debian packages rustredis needs to build and test, when they
# are missing. Safe to run again: it installs nothing that is already there.
set -euo pipefail

packages=(php8.2-dev php8.2-cli libclang-dev clang redis-server php8.2-redis
          libssl-dev pkg-config openssl)
packages+=("$@")

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
