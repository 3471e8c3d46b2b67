--TEST--
rustredis.lock_max_waiters: 20 concurrent requests on a held session with a cap of 5: exactly 5 wait and are served, 15 fail at once with a warning naming the limit (counted); a killed waiter leaves its slot
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$id = rr_id('waiters');
$ini = ['rustredis.lock_max_waiters' => '5', 'rustredis.lock_wait_timeout' => '20000'];
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN); session_write_close();', $ini);
lk_expect($holder, 'LOCKED');
$code = 'echo "READY\n"; fgets(STDIN); session_id(' . lk_q($id) . '); $t = microtime(true);'
    . ' if (!session_start()) { printf("refused %.3f\n", microtime(true) - $t); $s = RustRedis\stats(); echo "counted ", $s["lock_waiters_refused"], "\n"; exit; }'
    . ' $_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; session_write_close(); echo "served\n";';
$kids = [];
for ($i = 0; $i < 20; $i++) { $kids[] = lk_spawn($code, $ini); }
foreach ($kids as &$c) { lk_expect($c, 'READY'); }
unset($c);
foreach ($kids as $c) { lk_send($c); }
// The refused ones answer at once; then the holder lets go.
$outs = array_fill(0, 20, '');
$refused = 0;
$end = microtime(true) + 10;
while ($refused < 15 && microtime(true) < $end) {
    foreach ($kids as $i => $c) {
        $r = [$c['out']]; $w = $e = null;
        if ($outs[$i] === '' && stream_select($r, $w, $e, 0, 20000)) {
            $outs[$i] = (string) fgets($c['out']);
            if (str_starts_with($outs[$i], 'refused')) { $refused++; }
        }
    }
}
lk_send($holder);
lk_end($holder);
$fast = 0; $warned = 0; $counted = 0;
foreach ($kids as $i => $c) {
    $outs[$i] .= lk_end($c);
    if (preg_match('/^refused ([\d.]+)/m', $outs[$i], $m) && $m[1] < 1.0) { $fast++; }
    if (str_contains($outs[$i], 'requests already wait for it (rustredis.lock_max_waiters=5)')) { $warned++; }
    if (preg_match('/^counted 1$/m', $outs[$i])) { $counted++; }
}
$all = implode('', $outs);
printf("served %d, refused %d (at once: %d, warned: %d, counted: %d)\n",
    preg_match_all('/^served$/m', $all), preg_match_all('/^refused /m', $all), $fast, $warned, $counted);
echo 'counter: ', rr_cmd(['GET', lk_key($id)]), "\n";
preg_match('/Warning: session_start\(\): (cannot lock session #\w+: \d+ requests already wait[^\n]*) in /', $all, $m);
echo preg_replace('/#\w+/', '#<fingerprint>', $m[1] ?? '(no warning)'), "\n";

// A killed waiter gives its slot back: cap 1, one waiter killed, the next queues.
$id = rr_id('waiters');
$one = ['rustredis.lock_max_waiters' => '1', 'rustredis.lock_wait_timeout' => '20000', 'rustredis.lock_wait_time' => '20000'];
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN); session_write_close();', $one);
lk_expect($holder, 'LOCKED');
$victim = lk_spawn('session_id(' . lk_q($id) . '); session_start();', $one);
usleep(400000);
$full = lk_run('session_id(' . lk_q($id) . '); var_dump(@session_start());', $one);
proc_terminate($victim['proc'], 9);
lk_end($victim);
usleep(1300000);                    // 3 x lock_wait_time + 1 s
$next = lk_spawn('session_id(' . lk_q($id) . '); var_dump(session_start());', $one);
usleep(300000);
lk_send($holder);
lk_end($holder);
echo 'with one waiter queued: ', $full, 'after it was killed: ', lk_end($next);
?>
--EXPECT--
served 5, refused 15 (at once: 15, warned: 15, counted: 15)
counter: n|i:5;
cannot lock session #<fingerprint>: 5 requests already wait for it (rustredis.lock_max_waiters=5)
with one waiter queued: bool(false)
after it was killed: bool(true)
