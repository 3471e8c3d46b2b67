--TEST--
lock renewal: a request holding its lock 3x longer than lock_expire keeps it (renewed in the background) and writes; a concurrent request waits for it and reads what it wrote
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$id = rr_id('renew');
$ini = ['rustredis.lock_expire' => '1'];
// Holds the lock 3.2 s with a 1 s TTL, then writes.
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; usleep(3200000);'
    . ' $_SESSION["by"] = "holder"; var_dump(session_write_close());'
    . ' $s = RustRedis\stats(); echo "renewals >= 6: ", var_export($s["lock_renewals"] >= 6, true), "\n";', $ini);
lk_expect($holder, 'LOCKED');
usleep(1500000);                    // past the TTL: still locked
echo 'locked after 1.5 s: ', lk_locked($id), "\n";
$t = microtime(true);
$waiter = lk_spawn('session_id(' . lk_q($id) . '); var_dump(session_start()); echo $_SESSION["by"] ?? "nothing", "\n";',
    $ini + ['rustredis.lock_wait_timeout' => '10000']);
echo lk_end($holder);
echo lk_end($waiter);
$waited = microtime(true) - $t;
echo 'the waiter waited for the holder: ', var_export($waited > 1.2, true), "\n";
?>
--EXPECT--
locked after 1.5 s: 1
bool(true)
renewals >= 6: true
bool(true)
holder
the waiter waited for the holder: true
