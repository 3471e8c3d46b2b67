<?php
// Helpers shared by the benchmark's PHP drivers (loopback only).

/** The PHP arguments of a handler, from the file scripts/bench.sh wrote. */
function bench_args(string $dir, string $h): array {
    $f = "$dir/$h";
    if (!is_file($f)) { throw new RuntimeException("no handler args file $f"); }
    return file($f, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
}

require_once __DIR__ . '/../lib/child.php';

/** Starts `php -n <args> -r CODE`; stdin is a pipe, stderr goes to stdout. */
function bench_spawn(array $args, string $code): array {
    return child_spawn(array_merge([PHP_BINARY, '-n'], $args,
        ['-d', 'session.use_cookies=0', '-d', 'session.cache_limiter=', '-r', $code]));
}

/** Reads the child's lines until $line; returns what came before. */
function bench_expect(array $c, string $line, float $timeout = 20.0): string { return child_expect($c, $line, $timeout); }

function bench_send(array $c, string $line = 'go'): void { child_send($c, $line); }

function bench_end(array $c): string { return child_end($c); }

function bench_q(string $s): string { return child_q($s); }

require_once __DIR__ . '/../lib/resp.php';

/** Sends one RESP command on $s and returns the reply (simple types, arrays). */
function redis_cmd($s, array $argv) { return resp_command($s, $argv); }

function redis_connect(int $port) {
    $s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
    if (!$s) { throw new RuntimeException("redis 127.0.0.1:$port: $errstr"); }
    stream_set_timeout($s, 20);
    return $s;
}

function redis_info_int($s, string $section, string $field): int {
    preg_match("/^$field:(\\d+)/m", redis_cmd($s, ['INFO', $section]), $m);
    return (int) ($m[1] ?? -1);
}

/** memcached "stats" as name => value. */
function memc_stats(int $port): array {
    $s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
    if (!$s) { throw new RuntimeException("memcached 127.0.0.1:$port: $errstr"); }
    fwrite($s, "stats\r\n");
    $st = [];
    while (($l = fgets($s)) !== false && rtrim($l) !== 'END') {
        $p = explode(' ', rtrim($l));
        if (count($p) >= 3) { $st[$p[1]] = $p[2]; }
    }
    fclose($s);
    return $st;
}
