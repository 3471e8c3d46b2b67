<?php
// Measures the session lock of rustredis (not a test; run by hand):
//
//   php scripts/measure-lock.php path/to/librustredis.so REDIS_PORT [trials]
//
// (a) round trips (commands sent by the client, seen with MONITOR; commands
//     run inside scripts are not round trips) of one locked request,
// (b) hand-over delay: holder releases (session_write_close) -> waiter's
//     session_start() returns, median / p90 over N trials,
// (c) cycles/s of session_start / modify / session_write_close, locked vs
//     unlocked, 2 s each, in one process.
// Uses 127.0.0.1:REDIS_PORT only (no other address is accepted).
if ($argc < 3) { fwrite(STDERR, "usage: php {$argv[0]} EXTENSION.so REDIS_PORT [trials]\n"); exit(2); }
$ext = realpath($argv[1]);
$port = (int) $argv[2];
$trials = (int) ($argv[3] ?? 30);
if (!$ext || $port <= 0) { fwrite(STDERR, "bad extension path or port\n"); exit(2); }
require __DIR__ . '/lib/resp.php';
require __DIR__ . '/lib/child.php';
$s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
if (!$s) { fwrite(STDERR, "redis at 127.0.0.1:$port unreachable: $errstr\n"); exit(1); }

/** A child PHP with rustredis on 127.0.0.1:$port running $code. */
function spawn(string $code, array $ini = []): array {
    global $ext, $port;
    return child_spawn(child_session_argv($ext, "tcp://127.0.0.1:$port", $code, $ini));
}
function session_test_id(string $tag): string { return 'rr' . $tag . bin2hex(random_bytes(10)); }

function pct(array $v, float $p): float { sort($v); return $v[(int) min(count($v) - 1, floor($p * (count($v) - 1) + 0.5))]; }

// (a) round trips of one locked request after a warm-up
$id = session_test_id('measure');
$c = spawn('session_id(' . child_q($id) . ');'
    . 'session_start(); $_SESSION["n"] = 0; session_write_close();'
    . 'session_start(); session_write_close();'
    . 'echo "READY\n"; fgets(STDIN);'
    . 'session_start(); $_SESSION["n"]++; session_write_close(); echo "DONE\n";'
    . 'echo "READY\n"; fgets(STDIN);'
    . 'session_start(); session_write_close(); echo "DONE\n";');
foreach (['modified' => 'locked request, modified', 'lazy' => 'locked request, unmodified (lazy_write)'] as $label) {
    child_expect($c, 'READY');
    $mon = resp_monitor_start($port);
    child_send($c);
    child_expect($c, 'DONE');
    usleep(20000);
    $calls = resp_monitor_calls($mon, $s);
    unset($calls['echo']);
    printf("(a) round trips, %s: %d  %s\n", $label, array_sum($calls), json_encode($calls));
}
child_end($c);

// (b) hand-over delay
$delays = [];
for ($t = 0; $t < $trials; $t++) {
    $id = session_test_id('handover');
    $holder = spawn('session_id(' . child_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN);'
        . '$_SESSION["h"] = 1; session_write_close(); printf("%.6f\n", microtime(true));');
    child_expect($holder, 'LOCKED');
    $waiter = spawn('session_id(' . child_q($id) . '); echo "WAITING\n"; session_start();'
        . 'printf("%.6f\n", microtime(true)); session_write_close();',
        ['rustredis.lock_wait_time' => '20000', 'rustredis.lock_retries' => '500']);
    child_expect($waiter, 'WAITING');
    for ($i = 0; $i < 300 && resp_command($s, ['EXISTS', child_session_key($id, '_LOCK_WAITERS')]) !== 1; $i++) { usleep(2000); }
    usleep(30000 + random_int(0, 10000)); // the waiter sits in BLPOP
    child_send($holder);
    $released = (float) child_end($holder);
    $started = (float) child_end($waiter);
    $delays[] = ($started - $released) * 1000;
}
printf("(b) hand-over delay over %d trials: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms\n",
    $trials, pct($delays, 0.5), pct($delays, 0.9), min($delays), max($delays));

// (c) throughput in one process
$out = child_end(spawn('
$r = [];
foreach (["1" => "locked", "0" => "unlocked"] as $on => $label) {
    ini_set("rustredis.locking_enabled", $on);
    session_id("rrmeasure" . $on . bin2hex(random_bytes(8)));
    session_start(); $_SESSION["n"] = 0; session_write_close();
    $n = 0; $end = microtime(true) + 2;
    while (microtime(true) < $end) { session_start(); $_SESSION["n"]++; session_write_close(); $n++; }
    printf("(c) %s: %.0f cycles/s (%d cycles in 2 s)\n", $label, $n / 2, $n);
}'));
echo $out;
