--TEST--
a SIGKILLed holder stops renewing: its lock is free within lock_expire + 1 s, and a waiter takes it
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$id = rr_id('killed');
$ini = ['rustredis.lock_expire' => '2'];
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; sleep(60);', $ini);
lk_expect($holder, 'LOCKED');
usleep(2500000);                    // renewed past its TTL while alive
echo 'locked while alive, after 2.5 s: ', lk_locked($id), "\n";
$waiter = lk_spawn('session_id(' . lk_q($id) . '); echo "START\n"; $t = microtime(true); var_dump(session_start());'
    . ' echo "T ", microtime(true), "\n";', $ini + ['rustredis.lock_wait_timeout' => '10000']);
lk_expect($waiter, 'START');
usleep(200000);
proc_terminate($holder['proc'], 9);
$killed = microtime(true);
$out = lk_end($waiter);
lk_end($holder);
preg_match('/^T ([\d.]+)$/m', $out, $m);
echo preg_replace('/^T .*\n/m', '', $out);
$free = (float) ($m[1] ?? 0) - $killed;
echo 'taken within lock_expire + 1 s of the kill: ', var_export($free > 0 && $free < 3.0, true), "\n";
?>
--EXPECT--
locked while alive, after 2.5 s: 1
bool(true)
taken within lock_expire + 1 s of the kill: true
