# PHP's source from Debian's archive (sourced by scripts/php-src-tests.sh and
# scripts/test-zts.sh): the phpX.Y_X.Y.Z.orig.tar.xz tarballs of
# $MIRROR/pool/main/p/phpX.Y/, cached in $CACHE. The archive keeps only a few
# patch versions of a branch, so the newest one served at or below the
# wanted version is used. Downloads use python3 (every Debian root has it;
# not every root has curl or xz).
#
#   php_source_find BRANCH PATCH [HAVE]  sets SRC_VERSION, or returns 1 with
#       SRC_WHY; HAVE (a function) answers "is version V already cached in the
#       form the caller needs" before the archive is asked. Offline, the newest
#       version HAVE accepts is used.
#   php_source_tarball VERSION  downloads it if needed; prints its path.

MIRROR=${RUSTREDIS_PHP_SRC_MIRROR:-http://deb.debian.org/debian}

# http_get URL [FILE]: without FILE a HEAD request. Exit 0: 200; 1: the
# server answered with an error (e.g. 404); 2: no answer (offline).
http_get() {
    python3 - "$@" <<'PY'
import sys, urllib.request, urllib.error, shutil, os
url = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else None
try:
    req = urllib.request.Request(url, method="GET" if out else "HEAD")
    with urllib.request.urlopen(req, timeout=60) as r:
        if out:
            with open(out + ".part", "wb") as f:
                shutil.copyfileobj(r, f)
            os.replace(out + ".part", out)
except urllib.error.HTTPError:
    sys.exit(1)
except Exception as e:
    print(f"php-source: {url}: {e}", file=sys.stderr)
    sys.exit(2)
PY
}

_php_source_cached() { [ -f "$CACHE/php${1%.*}_$1.orig.tar.xz" ]; }

php_source_find() {
    local branch=$1 patch=$2 have=${3:-_php_source_cached} p v rc offline=0
    SRC_VERSION="" SRC_WHY=""
    for ((p = patch; p >= 0; p--)); do
        v=$branch.$p
        if "$have" "$v" || _php_source_cached "$v"; then SRC_VERSION=$v; return 0; fi
        rc=0
        http_get "$MIRROR/pool/main/p/php$branch/php${branch}_$v.orig.tar.xz" || rc=$?
        if [ $rc -eq 0 ]; then SRC_VERSION=$v; return 0; fi
        if [ $rc -eq 2 ]; then offline=1; break; fi
    done
    if [ $offline -eq 1 ]; then
        for ((p = patch; p >= 0; p--)); do
            if "$have" "$branch.$p"; then SRC_VERSION=$branch.$p; return 0; fi
        done
        SRC_WHY="$MIRROR is not reachable and no php$branch source is cached in $CACHE"
        return 1
    fi
    SRC_WHY="Debian's archive serves no php$branch source tarball <= $branch.$patch ($MIRROR/pool/main/p/php$branch/)"
    return 1
}

php_source_tarball() {
    local v=$1 branch=${1%.*} tarball
    tarball=$CACHE/php${branch}_$v.orig.tar.xz
    if [ ! -f "$tarball" ]; then
        mkdir -p "$CACHE"
        echo "php-source: downloading $MIRROR/pool/main/p/php$branch/$(basename "$tarball")" >&2
        http_get "$MIRROR/pool/main/p/php$branch/$(basename "$tarball")" "$tarball"
    fi
    echo "$tarball"
}
