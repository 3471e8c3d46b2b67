#!/usr/bin/env bash
# The phpt suite once under valgrind (`make test-valgrind`): invalid reads and
# writes, and memory rustredis loses for good ("definitely lost").
#
#   scripts/test-valgrind.sh [path/to/librustredis.so] [tests...]
#   VALGRIND_CHILDREN=1 scripts/test-valgrind.sh ...   child PHPs too (below)
#
# How: scripts/test-php.sh (its redis-servers, -j2) with run-tests.php's -m,
# which runs each test's own PHP process (not its SKIPIF or CLEAN) as
#   USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 valgrind -q --tool=memcheck
#     --trace-children=yes --log-file=NNN.mem php ... -f NNN.php
# (PHP's allocator off, as phpredis' CI runs it, so memcheck sees every
# emalloc) with 300 s per test. -m alone checks no leaks (the default
# --leak-check=summary prints nothing under -q) and takes any output as LEAK,
# so VALGRIND_OPTS adds: --leak-check=full for definite leaks only (the pool
# thread, TLS and -z nodelete leave memory "still reachable" or "possibly
# lost" at exit by design), scripts/valgrind.supp, and one XML file per
# process, which scripts/lib/valgrind-report.py sums up: each finding with its
# stacks, "rustredis" when a frame is in librustredis.so, else "elsewhere".
# Errors go to the XML, so the NNN.mem files (and run-tests' LEAK marks) only
# get what valgrind cannot put there, such as a crash's closing notes. The
# report, the XML and the tests' .out/.diff/.mem stay in target/valgrind/.
#
# -d pcre.jit=0: memcheck cannot follow PCRE's JIT code (no symbols, and its
# SIMD loads read past the subject on purpose); the interpreter matches alike.
#
# --run-libc-freeres=no: at exit valgrind normally frees glibc's own state,
# which turns the resolver configuration that our pool thread (alive until
# exit) got from getaddrinfo() into a "definitely lost" 96 bytes. A C program
# whose thread resolved a name and is alive at exit() shows the same, so it
# is not ours; with a librustredis.so frame on its stack it is not suppressed.
#
# Child processes (the lock tests' PHPs, their redis-servers) run natively
# (--trace-children-skip=*): under valgrind each takes seconds to start and the
# lock tests' choreography times out. The test process itself runs rustredis
# in most tests. VALGRIND_CHILDREN=1 traces the child PHPs too, each into its
# own XML, to hunt in the lock code; timing-bound tests then fail in numbers.
#
# Pass/fail: the whole suite runs. The run fails on any invalid access, any
# definite leak or other memcheck error that scripts/valgrind.supp does not
# suppress (ours or not: each suppression says why it is not ours), a crash,
# or a failed test. Tests that measure time (TIMING below) may fail from
# valgrind's slowdown: their failures are listed, not counted; what valgrind
# finds in them counts as anywhere else. Leaks outside rustredis in a test
# process that died of a PHP fatal error are listed, not counted (PHP frees
# neither the script nor its live values then); the test fails anyway.
#
# Closing line: "valgrind: N tests, N invalid reads/writes, N definite leaks
# in rustredis (N elsewhere, suppressed), N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
SO=$(realpath "${1:-target/release/librustredis.so}")
shift || true

# Timing-bound under valgrind: the test process itself is timed, or must
# finish a TLS handshake within the default 1 s connect timeout, and
# memcheck runs it 10-50 times slower. (429 and 420 time only their native
# children; 245's children time themselves, its parent times a child's run.)
TIMING=(
    234_redis_down                   # two failing session_start()s in < 3 s
    241_redis_hung_read_timeout      # session_start() in 0.25-1.2 s (read_timeout=0.3)
    242_hung_redis_fresh_connection  # the same on a fresh connection
    245_hung_redis_one_timeout       # a refused session_start() in < 0.05 s; a child's run in < 1.8 s
    250_tls                          # TLS handshakes within the 1 s connect timeout
    251_tls_verify_switches          # the same
    406_lock_wait_bounded            # session_start() waits 0.18-1.0 s
    407_lock_retries_until_expiry    # session_start() waits 0.35-1.5 s
    412_release_reset                # session_reset() in < 0.05 s
    421_lock_holder_killed           # session_start() 0.6-1.8 s after the kill
    423_interop_phpredis_holder_blocks   # session_start() waits 0.18-1.0 s
    424_interop_phpredis_release_proceeds  # session_start() waits 0.3-1.5 s
    441_lock_killed_holder_frees     # taken < 3 s after the kill
    442_lock_max_hold                # the waiter gets the lock 1.4-3.5 s in
    444_lock_wait_timeout            # the wait ends within 10% of 700 ms
    445_lock_arrival_order           # waiters 10 ms apart keep their order
    446_lock_renewal_not_after_fork  # the lock frees < 2 s after the parent dies
    447_lock_renewal_only_ours       # a phpredis-style lock waited for 0.9-3 s
    502_lock_warn_time               # a 150 ms wait stays under a 2000 ms bound
)

scripts/deps.sh valgrind || exit 1

# The suite runs from a copy: run-tests writes NNN.php, .out, .mem next to
# each test and deletes them, so a `make test-php` running meanwhile in
# php-tests/ would pull files from under this one (and the other way round).
OUT=$(realpath -m "${CARGO_TARGET_DIR:-target}/valgrind")
TREE=$OUT/tree
rm -rf "$OUT" && mkdir -p "$OUT/xml" "$TREE/scripts" || exit 1
cp -r php-tests "$TREE/php-tests" && cp -r scripts/lib "$TREE/scripts/lib" || exit 1
rm -f "$TREE"/php-tests/*.{diff,exp,log,out,php,sh,mem}
tests=()
for t in "${@:-php-tests}"; do tests+=("$TREE/php-tests/${t##*php-tests}"); done

opts=(--leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite
      --run-libc-freeres=no --num-callers=40 "--suppressions=$PWD/scripts/valgrind.supp"
      --xml=yes "--xml-file=$OUT/xml/%p.xml")
if [ "${VALGRIND_CHILDREN:-0}" = 1 ]; then
    # Child PHPs too (not redis-server & co, nor the round-trip proxy).
    opts+=("--trace-children-skip=*-server,*redis-cli,*openssl,*/sh,*/bash"
           "--trace-children-skip-by-arg=*rtproxy.inc*")
else
    opts+=("--trace-children-skip=*")
fi
export VALGRIND_OPTS="${opts[*]}"

t0=$SECONDS
# -d pcre.jit=0: see the header.
scripts/test-php.sh "$SO" -m -d pcre.jit=0 "${tests[@]}" 2>&1 | tee "$OUT/run-tests.out"
elapsed=$((SECONDS - t0))

python3 scripts/lib/valgrind-report.py "$OUT/xml" scripts/valgrind.supp "$TREE/php-tests" \
    > "$OUT/report.txt" || { echo "test-valgrind.sh: cannot read valgrind's XML in $OUT/xml" >&2; exit 1; }
declare -A n
read -ra kv <<<"$(sed -n 's/^counts: //p' "$OUT/report.txt")"
for pair in "${kv[@]}"; do n[${pair%%=*}]=${pair#*=}; done

# Failed tests: run-tests' FAILED and BORKED summaries ("... [.../NNN.phpt]").
failed=() timing_failed=()
while read -r t; do
    [ -n "$t" ] || continue
    if printf '%s\n' "${TIMING[@]}" | grep -qx "$(basename "$t" .phpt)"; then
        timing_failed+=("$(basename "$t")")
    else
        failed+=("$(basename "$t")")
    fi
done < <(sed -n '/^\(FAILED\|BORKED\) TEST SUMMARY/,/^=====/p' "$OUT/run-tests.out" |
    sed -n 's/.*\[[^]]*\/\([^]/]*\.phpt\)\] *$/\1/p' | sort -u)
# No summary at all: run-tests itself stopped (e.g. a worker's PHP warning).
grep -q '^Number of tests' "$OUT/run-tests.out" || failed+=("(run-tests did not finish)")

echo
echo "=== valgrind findings (kept in $OUT/report.txt)"
grep -v '^counts: ' "$OUT/report.txt"
[ ${#timing_failed[@]} -eq 0 ] ||
    echo "timing-bound tests that failed under valgrind (not counted): ${timing_failed[*]}"
[ ${#failed[@]} -eq 0 ] || echo "failed: ${failed[*]}"
extra=""
others=$((n[leaks_other] + n[other]))
[ "$others" -eq 0 ] || extra+=", $others other unsuppressed findings (${n[other_ours]} in rustredis)"
[ "${n[leaks_fatal]}" -eq 0 ] || extra+=", ${n[leaks_fatal]} leaks after a fatal error (not counted)"
[ "${n[crashes]}" -eq 0 ] || extra+=", ${n[crashes]} crashed"
[ "${n[incomplete]}" -eq 0 ] || extra+=", ${n[incomplete]} unfinished"
echo "valgrind: ${n[tests]} tests, ${n[invalid]} invalid reads/writes, ${n[leaks_ours]} definite leaks in rustredis" \
     "(${n[leaks_suppressed]} elsewhere, suppressed), ${#failed[@]} failed$extra; ${elapsed} s"
[ "${n[invalid]}" -eq 0 ] && [ "${n[leaks_ours]}" -eq 0 ] && [ "$others" -eq 0 ] &&
    [ "${n[crashes]}" -eq 0 ] && [ "${n[incomplete]}" -eq 0 ] && [ ${#failed[@]} -eq 0 ]
