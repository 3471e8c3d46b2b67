# Shared by the scripts that run phpt suites (test-php.sh, php-src-tests.sh,
# test-valgrind.sh): which PHP, run-tests.php and redis-server to use, and a
# loud failure when the extension under test does not load (every test would
# only skip).
#
#   phptest_setup NAME SO    sets PHP, RUN_TESTS, REDIS_SERVER; NAME prefixes errors
phptest_setup() {
    local name=$1 so=$2 load_error
    PHP=$(php-config --php-binary 2>/dev/null || command -v php)
    RUN_TESTS=${RUN_TESTS:-$(php-config --prefix)/lib/php/$(php-config --extension-dir | xargs basename)/build/run-tests.php}
    [ -f "$RUN_TESTS" ] || RUN_TESTS=$(ls /usr/lib/php/*/build/run-tests.php | head -n1)
    # RUSTREDIS_SERVER=valkey-server runs against Valkey.
    REDIS_SERVER=$(command -v "${RUSTREDIS_SERVER:-redis-server}") || {
        echo "$name: ${RUSTREDIS_SERVER:-redis-server} not found" >&2; exit 1; }
    if ! load_error=$("$PHP" -n -d "extension=$so" -r 'exit(extension_loaded("rustredis") ? 0 : 1);' 2>&1); then
        echo "$name: $PHP cannot load $so: $load_error" >&2
        exit 1
    fi
}
