#!/usr/bin/env bash
# make deb PHP_VERSION=X.Y: a Debian binary package of rustredis for that PHP,
# named and laid out like Debian's own extension packages (php8.4-redis):
#
#   target/deb/phpX.Y-rustredis_<version>-1_<arch>.deb
#     /usr/lib/php/<phpapi>/rustredis.so          (stripped, as dh_strip does)
#     /etc/php/X.Y/mods-available/rustredis.ini   (a conffile; priority 20)
#     /usr/share/doc/phpX.Y-rustredis/            copyright, changelog, README
#   Depends: phpapi-<phpapi> (the exact PHP API, as dh-php makes it),
#            phpX.Y-common, and the C libraries from dpkg-shlibdeps
#   maintainer scripts: enable the module for every SAPI on install and
#   disable it on removal, through Debian PHP's own php-maintscript-helper
#   (phpenmod/phpdismod), as dh-php's snippets do.
#
# Built with dpkg-deb in that PHP's Debian build environment (natively for
# the machine's own PHP, else its root, as `make build`), then checked by
# lintian: an error fails the build. scripts/deb-test.sh installs it in a
# fresh root without build tools.
#
#   scripts/deb.sh [X.Y]     (default: $PHP_VERSION, else this Debian's PHP)
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
V=${1:-${PHP_VERSION:-$(scripts/deps.sh --php-version)}}
if [ "${RUSTREDIS_IN_ROOT:-}" != "$V" ] && ! scripts/root.sh native "$V"; then
    exec scripts/root.sh run "$V" scripts/deb.sh "$V"
fi
log() { echo "deb.sh: $*" >&2; }

scripts/deps.sh dpkg-dev lintian binutils >&2
# The build environment's one PHP (as `make build` uses it).
PHP_CONFIG=$(command -v "${PHP_CONFIG:-php-config}")
[ "$("$PHP_CONFIG" --version | cut -d. -f1,2)" = "$V" ] || { log "$PHP_CONFIG is not PHP $V"; exit 1; }
make -s build >&2  # as the test suites build it (RUSTFLAGS included)
SO=${CARGO_TARGET_DIR:-$TOP/target}/release/librustredis.so

UPSTREAM=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
DEBVER=$UPSTREAM-1
API=$("$PHP_CONFIG" --phpapi)
EXTDIR=$("$PHP_CONFIG" --extension-dir)
ARCH=$(dpkg --print-architecture)
PKG=php$V-rustredis
OUT=$TOP/target/deb
STAGE=$OUT/stage-$PKG
DEB=$OUT/${PKG}_${DEBVER}_$ARCH.deb
rm -rf "$STAGE"
umask 022

# The files.
install -D -m 644 "$SO" "$STAGE$EXTDIR/rustredis.so"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$STAGE$EXTDIR/rustredis.so"
install -d "$STAGE/etc/php/$V/mods-available"
cat >"$STAGE/etc/php/$V/mods-available/rustredis.ini" <<INI
; configuration for php rustredis module
; priority=20
extension=rustredis.so
; session.save_handler = rustredis
; session.save_path = "tcp://127.0.0.1:6379"
; Settings (rustredis.*): /usr/share/doc/$PKG/README.md.gz
INI
DOC=$STAGE/usr/share/doc/$PKG
install -d "$DOC"
install -m 644 scripts/deb/copyright "$DOC/copyright"
gzip -9n <README.md >"$DOC/README.md.gz"
cat <<CHANGES | gzip -9n >"$DOC/changelog.Debian.gz"
rustredis ($DEBVER) unstable; urgency=medium

  * Built from the rustredis source tree for PHP $V (PHP API $API).

 -- rustredis developers <rustredis@example.org>  $(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
CHANGES

# The C libraries it links, as dpkg-shlibdeps names them.
shl=$(mktemp -d)
mkdir -p "$shl/debian"
printf 'Source: rustredis\n\nPackage: %s\nArchitecture: any\n' "$PKG" >"$shl/debian/control"
shlibs=$(cd "$shl" && dpkg-shlibdeps -O -e"$STAGE$EXTDIR/rustredis.so" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shl"
[ -n "$shlibs" ] || { log "dpkg-shlibdeps found no libraries"; exit 1; }

# Maintainer scripts: Debian PHP's helper enables/disables the module for
# every SAPI (cli, fpm, apache2, ...) of this PHP.
install -d "$STAGE/DEBIAN"
cat >"$STAGE/DEBIAN/postinst" <<SH
#!/bin/sh
set -e
if [ "\$1" = "configure" ] && [ -e /usr/lib/php/php-maintscript-helper ]; then
    . /usr/lib/php/php-maintscript-helper
    php_invoke enmod $V ALL rustredis || exit 1
fi
SH
cat >"$STAGE/DEBIAN/prerm" <<SH
#!/bin/sh
set -e
# Disabled and enabled again on upgrades, in case the priority changed.
if [ "\$1" = "upgrade" ] && [ -e /usr/lib/php/php-maintscript-helper ]; then
    . /usr/lib/php/php-maintscript-helper
    php_invoke dismod $V ALL rustredis || exit 1
fi
SH
cat >"$STAGE/DEBIAN/postrm" <<SH
#!/bin/sh
set -e
if [ "\$1" = "remove" ] && [ -e /usr/lib/php/php-maintscript-helper ]; then
    . /usr/lib/php/php-maintscript-helper
    php_invoke dismod $V ALL rustredis || exit 1
fi
if [ "\$1" = "purge" ]; then
    # Leftover conf.d links to our ini, whatever SAPI they were made for.
    find /etc/php/$V -xtype l 2>/dev/null | while read -r link; do
        if [ "\$(basename "\$(readlink -m "\$link")")" = rustredis.ini ]; then
            rm -f "\$link"
        fi
    done
    rm -f /var/lib/php/modules/$V/*/enabled_by_maint/rustredis \
          /var/lib/php/modules/$V/*/enabled_by_admin/rustredis \
          /var/lib/php/modules/$V/*/disabled_by_maint/rustredis \
          /var/lib/php/modules/$V/*/disabled_by_admin/rustredis
fi
SH
chmod 755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/prerm" "$STAGE/DEBIAN/postrm"
echo "/etc/php/$V/mods-available/rustredis.ini" >"$STAGE/DEBIAN/conffiles"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$STAGE/DEBIAN/md5sums"
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: $PKG
Version: $DEBVER
Architecture: $ARCH
Maintainer: rustredis developers <rustredis@example.org>
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $shlibs, phpapi-$API, php$V-common
Provides: php-rustredis
Section: php
Priority: optional
Homepage: https://github.com/rustredis/rustredis
Description: Redis session handler for PHP with session locking (PHP $V)
 rustredis stores PHP sessions in Redis (session.save_handler = rustredis),
 with the save_path syntax and key layout of phpredis, so servers can move
 from phpredis one at a time. It locks each session, one request at a time,
 as PHP's files handler does, and supports Sentinel, Cluster, TLS and
 phpredis-compatible compression.
 .
 This package is built for PHP $V.
CONTROL
chmod 644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/conffiles" "$STAGE/DEBIAN/md5sums"

mkdir -p "$OUT"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
rm -rf "$STAGE"
log "built $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB): Depends: $shlibs, phpapi-$API, php$V-common"

# lintian: errors fail, the rest is printed.
tags=$(lintian --tag-display-limit 0 "$DEB" 2>&1 | grep -v 'running with root privileges' || true)
[ -z "$tags" ] || printf '%s\n' "$tags" >&2
if printf '%s\n' "$tags" | grep -q '^E: '; then
    log "lintian reports errors for $(basename "$DEB")"
    exit 1
fi
log "lintian: $(printf '%s\n' "$tags" | grep -c '^E: ' || true) errors, $(printf '%s\n' "$tags" | grep -c '^W: ' || true) warnings"
echo "$DEB"
