--TEST--
one outage, one timeout: a hung Redis (SIGSTOP) with read_timeout=1 costs one read timeout, locking on or off, lock release and request end included; refused fails at once
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
[$proc, $port, $s] = lk_own_server();
$id = rr_id('onetimeout');
// Each child times its own session_start(); the parent times the whole child.
$run = function (array $ini) use ($id, $port): array {
    $code = 'ini_set("session.save_path", "tcp://127.0.0.1:' . $port . '?timeout=1&read_timeout=1");'
        . ' $t = microtime(true); session_id(' . lk_q($id) . '); $ok = session_start();'
        . ' echo json_encode([$ok, round(microtime(true) - $t, 3)]), "\n";';
    $t = microtime(true);
    $out = lk_run($code, $ini);
    $total = microtime(true) - $t;
    $lines = explode("\n", trim($out));
    [$ok, $start] = json_decode(array_pop($lines), true);
    return [$ok, $start, $total, $lines];
};
proc_terminate($proc, 19); // SIGSTOP: connections are accepted, nothing answers
foreach (['1', '0'] as $locking) {
    [$ok, $start, $total, $warnings] = $run(['rustredis.locking_enabled' => $locking]);
    echo "locking=$locking: ", var_export($ok, true), "\n", implode("\n", $warnings), "\n";
    // One read timeout (1 s), not two (the pipelined lock acquire) or three
    // (the request-end lock release).
    lk_check($start >= 0.9 && $start < 1.3, "session_start() took $start s");
    lk_check($total < 1.5 + 0.3, "the process took $total s"); // + PHP's own start-up
}
proc_terminate($proc, 18); // SIGCONT
lk_own_stop($proc);
usleep(200000);
[$ok, $start, $total, $warnings] = $run([]);
echo "refused: ", var_export($ok, true), "\n", implode("\n", $warnings), "\n";
lk_check($start < 0.05, "refused: session_start() took $start s");
?>
--EXPECTF--
locking=1: false
Warning: session_start(): Redis at tcp://127.0.0.1:%d timed out (connect) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d?timeout=1&read_timeout=1) in Command line code on line 1
bool(true)
bool(true)
locking=0: false
Warning: session_start(): Redis at tcp://127.0.0.1:%d timed out (connect) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d?timeout=1&read_timeout=1) in Command line code on line 1
bool(true)
bool(true)
refused: false
Warning: session_start(): cannot connect to Redis at tcp://127.0.0.1:%d: connection refused in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d?timeout=1&read_timeout=1) in Command line code on line 1
bool(true)
