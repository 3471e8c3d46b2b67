#!/usr/bin/env bash
# PECL-style install: the .so into `php-config --extension-dir`, plus an ini
# file that loads it. On Debian/Ubuntu the ini goes to mods-available and is
# enabled with phpenmod for every SAPI (cli, fpm, apache2); elsewhere it goes
# to the scan dir PHP reads (`php-config --ini-dir`).
#
#   scripts/install.sh PHP_CONFIG SO       install
#   scripts/install.sh --uninstall PHP_CONFIG
set -euo pipefail
uninstall=0
if [ "${1:-}" = "--uninstall" ]; then uninstall=1; shift; fi
PHP_CONFIG=${1:-php-config}
SO=${2:-target/release/librustredis.so}

ext_dir=$("$PHP_CONFIG" --extension-dir)
version=$("$PHP_CONFIG" --version | cut -d. -f1,2)
mods=/etc/php/$version/mods-available

if [ $uninstall -eq 1 ]; then
    if [ -f "$mods/rustredis.ini" ] && command -v phpdismod >/dev/null; then
        phpdismod -v "$version" rustredis || true
        rm -f "$mods/rustredis.ini"
    fi
    ini_dir=$("$PHP_CONFIG" --ini-dir 2>/dev/null || true)
    [ -n "$ini_dir" ] && rm -f "$ini_dir/30-rustredis.ini"
    rm -f "$ext_dir/rustredis.so"
    echo "rustredis uninstalled"
    exit 0
fi

install -d "$ext_dir"
install -m 0644 "$SO" "$ext_dir/rustredis.so"
echo "installed $ext_dir/rustredis.so"

ini_body="; rustredis: Redis session save handler (session.save_handler = rustredis)
; priority=30
extension=rustredis.so"

if [ -d "$mods" ] && command -v phpenmod >/dev/null; then
    printf '%s\n' "$ini_body" > "$mods/rustredis.ini"
    phpenmod -v "$version" rustredis
    echo "enabled with phpenmod: $mods/rustredis.ini"
else
    ini_dir=$("$PHP_CONFIG" --ini-dir)
    install -d "$ini_dir"
    printf '%s\n' "$ini_body" > "$ini_dir/30-rustredis.ini"
    echo "installed $ini_dir/30-rustredis.ini"
fi
