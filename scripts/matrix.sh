#!/usr/bin/env bash
# `make test` on every supported PHP, each against the Redis its Debian suite
# ships, plus the phpt suite against Valkey on trixie. One line per PHP and
# server, then "N passed, N failed"; exits non-zero if anything failed.
#
#   scripts/matrix.sh [VERSION...]     default: 8.2 8.4 8.5 8.6
#
# PHPs this machine's Debian does not ship run in Debian roots
# (scripts/root.sh): built once and cached under target/roots/, one build per
# PHP (target/phpX.Y), the cargo registry shared with the machine. Each run's
# whole output is kept in target/matrix/.
set -uo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(8.2 8.4 8.5 8.6)
LOGS=target/matrix
mkdir -p "$LOGS"

# Ctrl-C: the make in the foreground gets it too; a root's namespaces take
# their mounts and processes with them.
trap 'echo "matrix: interrupted" >&2; exit 130' INT TERM

lines=() passed=0 failed=0 t_start=$SECONDS

# sum_cargo LOG: "P F" from cargo's "test result:" lines.
sum_cargo() {
    sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$1" |
        awk '{p+=$1; f+=$2} END {print p+0, f+0}'
}

# run VERSION SERVER TARGET: one line of the table.
run() {
    local v=$1 server=$2 target=$3 log="$LOGS/php$1-$2.log" t0=$SECONDS rc=0
    local setup="" label cp=0 cf=0 pp=0 pf=0 ps=0 status
    : > "$log"
    if [ "$target" = test ]; then
        # The root (if any) and the build, timed apart from the tests.
        if ! scripts/root.sh native "$v" >/dev/null 2>&1; then
            scripts/root.sh ensure "$v" >>"$log" 2>&1 || rc=$?
        fi
        [ $rc -eq 0 ] && { make build PHP_VERSION="$v" >>"$log" 2>&1 || rc=$?; }
        setup="setup+build $((SECONDS - t0)) s, "
    fi
    local t1=$SECONDS
    [ $rc -eq 0 ] && { make "$target" PHP_VERSION="$v" SERVER="$server" >>"$log" 2>&1 || rc=$?; }
    read -r cp cf < <(sum_cargo "$log")
    label=$(sed -n 's/^phpt: \(PHP [^:]*\): .*/\1/p' "$log" | tail -n1)
    read -r pp pf ps < <(sed -n 's/^phpt: .*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$log" |
        tail -n1 | awk '{print $1+0, $2+0, $3+0}')
    # PHP's own session tests (both locking runs), or why they were skipped.
    local sp sf sn src
    read -r sp sf sn < <(sed -n 's/^php-src session tests (.*): \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) not applicable.*/\1 \2 \3/p' "$log" |
        awk '{p+=$1; f+=$2; n+=$3} END {print p+0, f+0, n+0}')
    if grep -q '^php-src session tests: skipped' "$log"; then
        src="php-src: none served"
    elif [ $((sp + sf)) -gt 0 ]; then
        src=$(printf 'php-src %3d passed %d failed %d n/a' "$sp" "$sf" "$sn")
    else
        src="php-src: -"
    fi
    [ -n "$label" ] || label="PHP $v, $server"
    # php-fpm connections per worker (scripts/test-fpm.sh, in `make test`).
    local fp=0 ff=0 fpm="fpm -"
    read -r fp ff < <(sed -n 's/^test-fpm: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" |
        tail -n1 | awk '{print $1+0, $2+0}')
    [ $((fp + ff)) -gt 0 ] && fpm="fpm $fp/$((fp + ff))"
    if [ $rc -ne 0 ] && [ $((cf + pf + sf + ff)) -eq 0 ]; then
        # Failed before any test could: count the run itself as one failure.
        pf=1
        status="FAILED (see $log: $(grep -m1 -E 'error|Error|failed|cannot' "$log" | cut -c1-120))"
    elif [ $rc -ne 0 ]; then
        status="FAILED (see $log: $(grep -m1 -E '^(FAIL|not ok)|FAILED' "$log" | cut -c1-120))"
    else
        status="ok"
    fi
    passed=$((passed + cp + pp + sp + fp)) failed=$((failed + cf + pf + sf + ff))
    local line
    if [ "$target" = test ]; then
        line=$(printf '%-40s cargo %3d passed %d failed | phpt %3d passed %d failed %2d skipped | %s | %s | %stests %d s | %s' \
            "$label" "$cp" "$cf" "$pp" "$pf" "$ps" "$src" "$fpm" "$setup" "$((SECONDS - t1))" "$status")
    else
        line=$(printf '%-40s %-23s | phpt %3d passed %d failed %2d skipped | tests %d s | %s' \
            "$label" "" "$pp" "$pf" "$ps" "$((SECONDS - t1))" "$status")
    fi
    lines+=("$line")
    echo "matrix: $line"
}

for v in "${versions[@]}"; do
    run "$v" redis-server test
    # Valkey: trixie ships 8.1; the same build, the phpt suite only.
    [ "$v" = 8.4 ] && run "$v" valkey-server test-php
done

echo
echo "test matrix ($((SECONDS - t_start)) s):"
printf '  %s\n' "${lines[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
