#!/usr/bin/env bash
# make pie-dist: the pre-packaged binaries PIE downloads for
# `pie install rustredis/rustredis` (composer.json: "download-url-method":
# ["pre-packaged-binary"]), one zip per PHP version and thread-safety mode:
#
#   target/pie/php_rustredis-<version>_php<X.Y>-<arch>-linux-glibc-<nts|zts>.zip
#     rustredis.so, LICENSE, README.md
#
# The names are the ones PIE looks for in a release's assets
# (Php\Pie\Platform\PrePackagedBinaryAssetName in PIE 1.4: php_{name}-
# {version}_php{X.Y}-{arch}-{os}-{libc}[-debug][-zts|-nts].{zip|tgz}, lower
# case); this script checks each against that list for its target platform,
# and that each .so loads into its PHP. NTS: the build of each PHP of the
# matrix (`make build` first); ZTS: PHP 8.4's from `make test-zts`, when it
# has run. SHA256SUMS and MANIFEST (PHP API, glibc and libraries each needs) go
# alongside.
#
#   scripts/pie-dist.sh [X.Y ...]     (default: 8.2 8.4 8.5 8.6)
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(8.2 8.4 8.5 8.6)
OUT=$TOP/target/pie
UPSTREAM=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
case "$(uname -m)" in
x86_64) ARCH=x86_64 ;;
aarch64 | arm64) ARCH=arm64 ;;
*) ARCH=$(uname -m) ;;
esac
log() { echo "pie-dist: $*" >&2; }
rm -rf "$OUT"
mkdir -p "$OUT"
: >"$OUT/MANIFEST"

# pie_names X.Y TS: the asset names PIE 1.4 tries for a Linux glibc, non-debug
# PHP X.Y on this architecture (TS: nts or zts), one per line.
pie_names() {
    local v=$1 ts=$2 a s ext archs=("$ARCH") suffixes=(-zts)
    [ "$ARCH" = x86_64 ] && archs+=(x64)
    [ "$ARCH" = arm64 ] && archs+=(aarch64)
    [ "$ts" = nts ] && suffixes=("" -nts)
    for a in "${archs[@]}"; do
        for s in "${suffixes[@]}"; do
            for ext in zip tgz; do
                echo "php_rustredis-${UPSTREAM}_php${v}-${a}-linux-glibc${s}.${ext}" | tr '[:upper:]' '[:lower:]'
            done
        done
    done
}

# package SO X.Y TS: one zip, checked.
package() {
    local so=$1 v=$2 ts=$3 name stage api glibc libs
    name=php_rustredis-${UPSTREAM}_php${v}-${ARCH}-linux-glibc-${ts}.zip
    if ! grep -qxF "$name" <(pie_names "$v" "$ts"); then
        log "$name is not a name PIE looks for"; return 1
    fi
    stage=$(mktemp -d)
    install -m 644 "$so" "$stage/rustredis.so"
    strip --remove-section=.comment --remove-section=.note --strip-unneeded "$stage/rustredis.so"
    cp LICENSE README.md "$stage/"
    python3 - "$OUT/$name" "$stage" <<'PY'
import os, sys, zipfile
out, stage = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for f in ("rustredis.so", "LICENSE", "README.md"):
        z.write(os.path.join(stage, f), f)
PY
    api=$(strings "$stage/rustredis.so" | grep -m1 -o 'API[0-9]\{8\},\(NTS\|TS\)' || true)
    glibc=$(objdump -T "$stage/rustredis.so" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k2 -n | tail -n1)
    libs=$(objdump -p "$stage/rustredis.so" | awk '/NEEDED/ {print $2}' | tr '\n' ' ')
    rm -rf "$stage"
    printf '%s\tPHP %s %s\t%s\tneeds %s, %s\n' "$name" "$v" "$ts" "${api:-?}" "${glibc:-?}" "$libs" >>"$OUT/MANIFEST"
    log "$name"
}

# loads X.Y ZIP: the zip's .so loads into PHP X.Y (in its root when needed).
loads() {
    local v=$1 zip=$2 dir code
    dir=$OUT/check-$v
    rm -rf "$dir"; mkdir -p "$dir"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("rustredis.so", sys.argv[2])' "$zip" "$dir"
    code='exit(extension_loaded("rustredis") ? 0 : 1);'
    if scripts/root.sh native "$v"; then
        php -n -d "extension=$dir/rustredis.so" -r "$code"
    else
        scripts/root.sh run "$v" php -n -d "extension=/src/target/pie/check-$v/rustredis.so" -r "$code"
    fi
    rm -rf "$dir"
}

for v in "${VERSIONS[@]}"; do
    if scripts/root.sh native "$v"; then so=$TOP/target/release/librustredis.so
    else so=$TOP/target/php$v/release/librustredis.so; fi
    # Up to date with the tree (a no-op after the test suites' own build).
    make -s build PHP_VERSION="$v" >&2
    package "$so" "$v" nts
    loads "$v" "$OUT/php_rustredis-${UPSTREAM}_php${v}-${ARCH}-linux-glibc-nts.zip" ||
        { log "the PHP $v build does not load into PHP $v"; exit 1; }
done
zts=$TOP/target/zts/cargo/release/librustredis.so
if [ -f "$zts" ]; then
    package "$zts" 8.4 zts
    # It loads into the ZTS PHP it was built for (in the 8.4 root).
    ztsphp=$(ls -d "$TOP"/target/zts/php-8.4.*/bin/php 2>/dev/null | tail -n1)
    if [ -n "$ztsphp" ]; then
        dir=$OUT/check-zts
        mkdir -p "$dir"
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("rustredis.so", sys.argv[2])' \
            "$OUT/php_rustredis-${UPSTREAM}_php8.4-${ARCH}-linux-glibc-zts.zip" "$dir"
        scripts/root.sh run 8.4 "/src/${ztsphp#"$TOP"/}" -n -d extension=/src/target/pie/check-zts/rustredis.so \
            -r 'exit(extension_loaded("rustredis") && PHP_ZTS ? 0 : 1);' ||
            { log "the ZTS build does not load into the ZTS PHP"; exit 1; }
        rm -rf "$dir"
    fi
else
    log "no ZTS build (make test-zts makes one): no -zts archive"
fi
(cd "$OUT" && sha256sum ./*.zip | sed 's| \./| |' >SHA256SUMS)
log "$(ls "$OUT"/*.zip | wc -l) archives in target/pie/ (MANIFEST, SHA256SUMS)"
cat "$OUT/MANIFEST"
