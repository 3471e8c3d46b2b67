<?php
// Helpers shared by the benchmark's PHP drivers (loopback only).

/** The PHP arguments of a handler, from the file scripts/bench.sh wrote. */
function bench_args(string $dir, string $h): array {
    $f = "$dir/$h";
    if (!is_file($f)) { throw new RuntimeException("no handler args file $f"); }
    return file($f, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES);
}

/** Starts `php -n <args> -r CODE`; stdin is a pipe, stderr goes to stdout. */
function bench_spawn(array $args, string $code): array {
    $cmd = array_merge([PHP_BINARY, '-n'], $args,
        ['-d', 'session.use_cookies=0', '-d', 'session.cache_limiter=', '-r', $code]);
    $p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
    if (!$p) { throw new RuntimeException('cannot start child php'); }
    return ['proc' => $p, 'in' => $pipes[0], 'out' => $pipes[1]];
}

/** Reads the child's lines until $line; returns what came before. */
function bench_expect(array $c, string $line, float $timeout = 20.0): string {
    $end = microtime(true) + $timeout;
    $seen = '';
    while (microtime(true) < $end) {
        $r = [$c['out']]; $w = $e = null;
        $left = max(0.0, $end - microtime(true));
        if (!stream_select($r, $w, $e, (int) $left, (int) (fmod($left, 1) * 1e6))) { continue; }
        $l = fgets($c['out']);
        if ($l === false) { break; }
        if (rtrim($l, "\n") === $line) { return $seen; }
        $seen .= $l;
    }
    throw new RuntimeException("child did not print \"$line\"; it printed: $seen");
}

function bench_send(array $c, string $line = 'go'): void { fwrite($c['in'], "$line\n"); fflush($c['in']); }

function bench_end(array $c): string {
    @fclose($c['in']);
    $out = stream_get_contents($c['out']);
    fclose($c['out']);
    proc_close($c['proc']);
    return $out;
}

function bench_q(string $s): string { return var_export($s, true); }

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
