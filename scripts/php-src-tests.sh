#!/usr/bin/env bash
# PHP's own ext/session tests (from php-src), rewritten for rustredis and run
# with PHP's run-tests.php against a redis-server started here, three times:
# with rustredis.locking_enabled=1, with =0, and locked with
# rustredis.compression=zstd (every session stored compressed).
#
#   scripts/php-src-tests.sh [path/to/librustredis.so] [test names...]
#
# 1. The source: the php-src tarball of the PHP under test (`php-config
#    --version`) from Debian's pool, http://deb.debian.org/debian/pool/main/
#    p/phpX.Y/phpX.Y_X.Y.Z.orig.tar.xz. The archive keeps only a few patch
#    versions of a branch, so the exact version is used when it is served,
#    otherwise the newest lower patch version of the same branch that is
#    (probed downwards with HEAD requests); the one used is printed. When the
#    branch has none (PHP 8.5, 8.6 today) the script says so and exits 0.
#    Tarball and extracted tests are cached in target/php-src/ (only
#    ext/session/tests and sapi/cgi/tests/include.inc, which four tests
#    include); offline, the newest cached source of the branch is used.
#    Downloads use python3 (every Debian root has it; not every root has curl
#    or xz). Nothing of php-src is committed: target/ is git-ignored.
# 2. The rewrite: the tests are copied to target/php-src/run-<PHP>/locking-
#    {on,off}/ and rewritten by the rules in scripts/php-src-tests.rules (the
#    rewrite rules are described at its top; the tests that do not apply to a
#    Redis store are listed there, each with its reason). Not applicable
#    tests are not copied, only counted.
# 3. The run: one redis-server on a free loopback port (--save ''
#    --appendonly no, stopped by pid on exit), then run-tests.php with
#    `php -n`, -d extension=<the .so>, -d session.save_handler=rustredis,
#    -d session.save_path=tcp://127.0.0.1:PORT and the locking setting; Redis
#    is flushed between the two runs. Tests one at a time (-j1): several
#    tests use the same fixed session ids. The tests with --GET--,
#    --POST_RAW-- or --COOKIE-- (upload progress, ids from cookies) need
#    php-cgi of exactly this PHP: the installed one, or Debian's phpX.Y-cgi
#    fetched with `apt-get download` and unpacked into target/php-src/
#    (nothing is installed); without one they skip (RUSTREDIS_PHP_SRC_CGI=0
#    skips them on purpose).
# 4. Judging: a test that fails is run again as php-src itself runs it (the
#    unmodified test, PHP's files handler, no rustredis). If it fails there
#    too, the test does not match this PHP binary (its source is older) and
#    is counted as skipped, by name; every other failure counts. php-src's
#    own expected failures (XFAIL) count as passed. A run in which Redis saw
#    fewer than 100 session reads and writes fails (the tests did not run on
#    rustredis). One closing line per run:
#      php-src session tests (PHP 8.2.32 source, locking on): N passed, N failed, N not applicable, N skipped (...)
#    and the exit status is non-zero if any applicable test failed. The last
#    run's tests, .out and .diff files stay in target/php-src/run-<PHP>/.
#
# Test names after the .so (e.g. 001.phpt bug71974.phpt) run only those.
set -euo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
SO=$(realpath "${1:-target/release/librustredis.so}")
shift || true
ONLY=("$@")
RULES=$TOP/scripts/php-src-tests.rules
CACHE=$TOP/target/php-src

# shellcheck source=lib/phptest.sh
source "$TOP/scripts/lib/phptest.sh"
phptest_setup php-src-tests.sh "$SO"

PHP_FULL=$(php-config --version)
BRANCH=$(echo "$PHP_FULL" | cut -d. -f1,2)
PATCH=$(echo "$PHP_FULL" | cut -d. -f3 | sed 's/[^0-9].*//')
PATCH=${PATCH:-0}

# shellcheck source=lib/php-source.sh
source "$TOP/scripts/lib/php-source.sh"

skip() {
    echo "php-src session tests: skipped: $*"
    exit 0
}

# One run per PHP branch at a time (the cache and target/php-src/run-<PHP>
# are shared, also with the Debian roots, which mount this checkout).
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock-php$BRANCH"
flock 9

# The newest served source version <= the PHP under test (extracted tests
# in the cache count as served).
have_tests() { [ -d "$CACHE/php-$1/ext/session/tests" ]; }
php_source_find "$BRANCH" "$PATCH" have_tests || skip "$SRC_WHY"
if [ "$SRC_VERSION" = "$PHP_FULL" ]; then
    echo "php-src session tests: PHP $PHP_FULL, tests from its own source"
else
    echo "php-src session tests: PHP $PHP_FULL, tests from the PHP $SRC_VERSION source (the newest php$BRANCH Debian's archive serves)"
fi

SRC=$CACHE/php-$SRC_VERSION
if [ ! -d "$SRC/ext/session/tests" ]; then
    tarball=$(php_source_tarball "$SRC_VERSION")
    rm -rf "$SRC.new"
    python3 - "$tarball" "$SRC.new" "php-$SRC_VERSION" <<'EOF'
import sys, tarfile, os
tarball, dest, top = sys.argv[1:]
want = (top + "/ext/session/tests/", top + "/sapi/cgi/tests/include.inc")
with tarfile.open(tarball, "r:xz") as t:
    members = [m for m in t.getmembers()
               if (m.isfile() or m.isdir()) and m.name.startswith(want)]
    for m in members:
        m.name = m.name[len(top) + 1:]
    if hasattr(tarfile, "data_filter"):
        t.extractall(dest, members=members, filter="data")
    else:
        t.extractall(dest, members=members)
EOF
    mv "$SRC.new" "$SRC"
fi

# rewrite DIR [TESTS...]: the tests of $SRC, rewritten by $RULES (see there),
# into DIR/ext/session/tests (and DIR/sapi/cgi/tests/include.inc); lists the
# not applicable ones with their reasons in DIR/not-applicable.txt and
# prints how many there are.
rewrite() {
    python3 - "$RULES" "$SRC" "$SRC_VERSION" "$1" "$SAVE_PATH" "${@:2}" <<'PY'
import os, re, shutil, sys

rules_file, src, src_version, dest, save_path, *only = sys.argv[1:]
placeholders = {"{SAVE_PATH}": save_path,
                "{SAVE_PATH_DUMP}": f'string({len(save_path)}) "{save_path}"'}

def expand(t):
    for k, v in placeholders.items():
        t = t.replace(k, v)
    return t
only = set(only)

# The rules file: "name.phpt  reason" (not applicable) and
# "name.phpt  s|OLD|NEW|  reason" (a per-test substitution); '#' comments.
na, subs, inis = {}, {}, {}
for lineno, line in enumerate(open(rules_file, encoding="utf-8"), 1):
    line = "" if line.lstrip().startswith("#") else line.strip()
    if not line:
        continue
    name, _, rest = line.partition(" ")
    rest = rest.strip()
    name, _, branch = name.partition("@")
    if branch and not src_version.startswith(branch + "."):
        continue
    if not name.endswith(".phpt") or not rest:
        sys.exit(f"{rules_file}:{lineno}: expected 'name.phpt reason' or 'name.phpt s|OLD|NEW| reason'")
    if rest.startswith("ini|"):
        m = re.match(r"ini\|([^|=]+)=([^|]*)\|\s+(\S.*)$", rest)
        if not m:
            sys.exit(f"{rules_file}:{lineno}: bad ini line (ini|NAME=VALUE| reason)")
        inis.setdefault(name, []).append((m.group(1).strip(), m.group(2)))
    elif rest.startswith("s|"):
        m = re.match(r"s\|((?:[^|\\]|\\.)*)\|((?:[^|\\]|\\.)*)\|\s+(\S.*)$", rest)
        if not m:
            sys.exit(f"{rules_file}:{lineno}: bad substitution (s|OLD|NEW| reason)")
        unesc = lambda t: re.sub(r"\\(.)", lambda e: "\n" if e.group(1) == "n" else e.group(1), t)
        subs.setdefault(name, []).append((unesc(m.group(1)), unesc(m.group(2))))
    else:
        na[name] = rest

SECTION = re.compile(r"^--([A-Z_]+)--\n", re.M)

def sections(text):
    """[(name, body)] in file order; name None for anything before --TEST--."""
    out, pos, name = [], 0, None
    for m in SECTION.finditer(text):
        out.append((name, text[pos:m.start()]))
        name, pos = m.group(1), m.end()
    out.append((name, text[pos:]))
    return out

INI_HANDLER = re.compile(r'^([ \t]*session\.save_handler[ \t]*=[ \t]*)"?files"?[ \t]*$', re.M)
INI_PATH = re.compile(r'^([ \t]*session\.save_path[ \t]*=).*$', re.M)
# The files handler named at run time: ini_set('session.save_handler', 'files'),
# session_module_name('files'); and the name as var_dump() shows it.
RT_HANDLER = re.compile(r"""(ini_set\(\s*(['"])session\.save_handler\2\s*,\s*|session_module_name\(\s*)(['"])files\3""")

def rewrite(text):
    out = []
    for name, body in sections(text):
        if name == "INI":
            body = INI_HANDLER.sub(r"\1rustredis", body)
            body = INI_PATH.sub(lambda m: m.group(1) + save_path, body)
        elif name in ("FILE", "SKIPIF", "CLEAN"):
            body = RT_HANDLER.sub(lambda m: m.group(1) + m.group(3) + "rustredis" + m.group(3), body)
        elif name in ("EXPECT", "EXPECTF", "EXPECTREGEX"):
            body = body.replace('string(5) "files"', 'string(9) "rustredis"')
        out.append(("" if name is None else f"--{name}--\n") + body)
    return "".join(out)

def set_ini(text, key, value):
    """Sets KEY=VALUE in the test's --INI-- (replacing KEY's lines; a new
    --INI-- section before --FILE-- if the test has none)."""
    out, done = [], False
    for name, body in sections(text):
        if name == "INI":
            line = re.compile(r"^[ \t]*" + re.escape(key) + r"[ \t]*=.*\n?", re.M)
            body = line.sub("", body)
            body = body + ("" if body.endswith("\n") or not body else "\n") + f"{key}={value}\n"
            done = True
        out.append([name, body])
    if not done:
        i = next(i for i, (name, _) in enumerate(out) if name == "FILE")
        out.insert(i, ["INI", f"{key}={value}\n"])
    return "".join(("" if name is None else f"--{name}--\n") + body for name, body in out)

tests_src = os.path.join(src, "ext/session/tests")
tests_dest = os.path.join(dest, "ext/session/tests")
shutil.rmtree(dest, ignore_errors=True)
os.makedirs(os.path.join(dest, "sapi/cgi/tests"))
cgi_inc = os.path.join(src, "sapi/cgi/tests/include.inc")
if os.path.exists(cgi_inc):
    shutil.copy(cgi_inc, os.path.join(dest, "sapi/cgi/tests"))
not_applicable = []
seen = set()
for root, dirs, files in os.walk(tests_src):
    rel = os.path.relpath(root, tests_src)
    os.makedirs(os.path.join(tests_dest, rel), exist_ok=True)
    for f in sorted(files):
        path, target = os.path.join(root, f), os.path.join(tests_dest, rel, f)
        if f == "skipif.inc":
            # PHP's skipif.inc skips unless session.save_path is a writable
            # directory: with a Redis URL every test would skip.
            with open(target, "w") as out:
                out.write("<?php /* rustredis: php-src's check that session.save_path is a "
                          "writable directory does not apply to a Redis URL */ ?>\n")
            continue
        if not f.endswith(".phpt"):
            shutil.copy(path, target)
            continue
        seen.add(f)
        if only and f not in only:
            continue
        if f in na:
            not_applicable.append(f"{os.path.normpath(os.path.join(rel, f))}: {na[f]}")
            continue
        text = open(path, encoding="utf-8", errors="surrogateescape").read()
        text = rewrite(text)
        for key, value in inis.get(f, []):
            text = set_ini(text, key, expand(value))
        for old, new in subs.get(f, []):
            old, new = expand(old), expand(new)
            if old not in text:
                sys.exit(f"{rules_file}: {f}: substitution text not found: {old!r}")
            text = text.replace(old, new)
        with open(target, "w", encoding="utf-8", errors="surrogateescape") as out:
            out.write(text)
missing = sorted(only - seen)
if missing:
    sys.exit(f"no such test in {tests_src}: {' '.join(missing)}")
with open(os.path.join(dest, "not-applicable.txt"), "w") as out:
    out.write("".join(l + "\n" for l in not_applicable))
print(len(not_applicable))
PY
}

# shellcheck source=lib/servers.sh
source "$TOP/scripts/lib/servers.sh"
WS_REDIS_SERVER=$REDIS_SERVER
TMP=$(mktemp -d /tmp/rustredis-php-src.XXXXXX)
ws_init "$TMP"
trap ws_cleanup EXIT INT TERM

PORT=$(free_port)
start_redis -d "$TMP" -l "$TMP/redis.log" redis "$PORT" || {
    echo "php-src-tests.sh: redis-server did not start on port $PORT" >&2; exit 1; }
SAVE_PATH=tcp://127.0.0.1:$PORT

RUN=$CACHE/run-$PHP_FULL
rm -rf "$RUN"
mkdir -p "$RUN"

# php-cgi, for the tests with --GET--, --POST_RAW-- or --COOKIE-- sections
# (upload progress, session ids from cookies and URLs): the one named by
# TEST_PHP_CGI_EXECUTABLE, or the installed php-cgiX.Y, or else Debian's
# phpX.Y-cgi package of exactly the installed PHP, fetched with `apt-get
# download` and unpacked (dpkg-deb -x) into target/php-src/cgi-<PHP>/;
# nothing is installed. RUSTREDIS_PHP_SRC_CGI=0: none (those tests skip).
cgi_ok() { [ -x "$1" ] && "$1" -n -v 2>/dev/null | head -n1 | grep -q "^PHP $PHP_FULL (cgi"; }
PHP_CGI=${TEST_PHP_CGI_EXECUTABLE:-}
if [ -z "$PHP_CGI" ] && [ "${RUSTREDIS_PHP_SRC_CGI:-1}" != 0 ]; then
    for c in "$(dirname "$PHP")/php-cgi$BRANCH" "$(dirname "$PHP")/php-cgi" "$CACHE/cgi-$PHP_FULL/usr/bin/php-cgi$BRANCH"; do
        if cgi_ok "$c"; then PHP_CGI=$c; break; fi
    done
    deb_version=$(dpkg-query -W -f='${Version}' "php$BRANCH-cli" 2>/dev/null || true)
    if [ -z "$PHP_CGI" ] && [ -n "$deb_version" ] && command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then
        dl=$(mktemp -d "$CACHE/cgi-download.XXXXXX")
        if (cd "$dl" && apt-get -q -o APT::Sandbox::User="$(id -un)" download "php$BRANCH-cgi=$deb_version" >/dev/null 2>&1) &&
            rm -rf "$CACHE/cgi-$PHP_FULL" && dpkg-deb -x "$dl"/*.deb "$CACHE/cgi-$PHP_FULL" &&
            cgi_ok "$CACHE/cgi-$PHP_FULL/usr/bin/php-cgi$BRANCH"; then
            PHP_CGI=$CACHE/cgi-$PHP_FULL/usr/bin/php-cgi$BRANCH
            echo "php-src session tests: php-cgi: Debian's php$BRANCH-cgi $deb_version, unpacked into ${PHP_CGI#$TOP/}"
        fi
        rm -rf "$dl"
    fi
fi
if [ -n "$PHP_CGI" ]; then
    export TEST_PHP_CGI_EXECUTABLE=$PHP_CGI
else
    # run-tests.php would look for one itself; say plainly there is none.
    export TEST_PHP_CGI_EXECUTABLE=/nonexistent/php-cgi
    echo "php-src session tests: no php-cgi $PHP_FULL: the tests that need it skip"
fi
export TEST_PHP_EXECUTABLE=$PHP NO_INTERACTION=1 REPORT_EXIT_STATUS=1

# failed_tests RUN_TESTS_OUTPUT: the failed tests, as paths under
# ext/session/tests (run-tests.php prints them relative to the cwd).
failed_tests() {
    sed -n 's|^FAIL .*\[\(.*/\)\{0,1\}ext/session/tests/\([^]]*\)\] *$|\2|p' "$1"
}

# baseline TESTS...: of the given failed tests (paths under ext/session/tests),
# prints those that fail on this PHP without rustredis as well: php-src's
# unmodified test, its own files handler and skipif.inc, no rustredis
# loaded. Such a test does not match this PHP binary (the source is older
# than the binary, when the archive no longer serves the exact version), so
# its failure says nothing about rustredis.
baseline() {
    local base=$RUN/baseline t
    rm -rf "$base"
    mkdir -p "$base/ext/session" "$base/sapi/cgi/tests"
    cp -r "$SRC/ext/session/tests" "$base/ext/session/"
    cp "$SRC/sapi/cgi/tests/include.inc" "$base/sapi/cgi/tests/" 2>/dev/null || true
    find "$base/ext/session/tests" -name '*.phpt' -delete
    for t in "$@"; do cp "$SRC/ext/session/tests/$t" "$base/ext/session/tests/$t"; done
    "$PHP" -n "$RUN_TESTS" -n -q -j1 --no-color --no-progress "$base/ext/session/tests" > "$base/run-tests.out" 2>&1 || true
    failed_tests "$base/run-tests.out"
}

status=0
for variant in on off zstd; do
    locking=on codec=none label="locking $variant"
    case $variant in
    off) locking=off ;;
    zstd) codec=zstd label="locking on, compression zstd" ;;
    esac
    dir=$RUN/locking-$variant
    # The rewrite prints the number of not applicable tests.
    na=$(rewrite "$dir" "${ONLY[@]}")
    redis-cli -p "$PORT" flushall >/dev/null
    redis-cli -p "$PORT" config resetstat >/dev/null
    t0=$SECONDS rc=0
    "$PHP" -n "$RUN_TESTS" -n -d "extension=$SO" \
        -d session.save_handler=rustredis -d "session.save_path=$SAVE_PATH" \
        -d "rustredis.locking_enabled=$([ $locking = on ] && echo 1 || echo 0)" \
        -d "rustredis.compression=$codec" \
        -q -j1 --no-color --no-progress "$dir/ext/session/tests" > "$dir/run-tests.out" 2>&1 || rc=$?
    count() { sed -n "s/^$1 *: *\([0-9]*\).*/\1/p" "$dir/run-tests.out" | head -n1; }
    passed=$(count 'Tests passed') failed=$(count 'Tests failed') skipped=$(count 'Tests skipped')
    xfail=$(count 'Expected fail') warned=$(count 'Tests warned') borked=$(count 'Tests borked')
    failed=$(( ${failed:-0} + ${warned:-0} + ${borked:-0} ))
    if [ -z "$passed" ]; then
        echo "php-src-tests.sh: run-tests.php printed no summary (exit $rc); see $dir/run-tests.out" >&2
        tail -n 20 "$dir/run-tests.out" >&2
        failed=$(( failed + 1 )) passed=0
    fi
    # The failed tests (FAIL, and WARN/LEAK/BORK lines as they are).
    mapfile -t failures < <(failed_tests "$dir/run-tests.out")
    grep -E '^(BORK|LEAK|WARN) ' "$dir/run-tests.out" | sed "s|$dir/||" || true
    not_ours=()
    if [ ${#failures[@]} -gt 0 ]; then
        mapfile -t not_ours < <(baseline "${failures[@]}")
    fi
    for t in "${failures[@]}"; do
        if printf '%s\n' "${not_ours[@]}" | grep -qxF "$t"; then continue; fi
        echo "FAIL $t  (target/php-src/run-$PHP_FULL/locking-$variant/ext/session/tests/${t%.phpt}.diff)"
    done
    if [ ${#not_ours[@]} -gt 0 ]; then
        echo "php-src session tests: fail on PHP $PHP_FULL without rustredis too (php-src's unmodified test, files handler), counted as skipped: ${not_ours[*]}"
        failed=$(( failed - ${#not_ours[@]} )) skipped=$(( ${skipped:-0} + ${#not_ours[@]} ))
    fi
    # The tests must really have used rustredis: count the session reads and
    # writes (GET, SET, and EVALSHA for the locked ones) Redis received.
    cmds=$(redis-cli -p "$PORT" info commandstats |
        sed -n 's/^cmdstat_\(get\|set\|evalsha\):calls=\([0-9]*\).*/\2/p' | awk '{n+=$1} END {print n+0}')
    if [ ${#ONLY[@]} -eq 0 ] && [ "$cmds" -lt 100 ]; then
        echo "php-src-tests.sh: Redis received only $cmds session reads and writes: the tests did not run on rustredis" >&2
        failed=$(( failed + 1 ))
    fi
    [ "$failed" -eq 0 ] || status=1
    # php-src's expected failures (XFAIL: known PHP bugs) count as passed.
    xfail_note=""
    [ "${xfail:-0}" -eq 0 ] || { passed=$(( passed + xfail )); xfail_note="$xfail of them php-src's XFAIL, "; }
    echo "php-src session tests (PHP $SRC_VERSION source, $label): $passed passed, $failed failed, $na not applicable, ${skipped:-0} skipped (${xfail_note}$cmds session reads and writes in Redis, $((SECONDS - t0)) s)"
done
[ $status -eq 0 ] || echo "php-src session tests: failures: the .diff and .out files are in $RUN/locking-*/ext/session/tests/"
exit $status
