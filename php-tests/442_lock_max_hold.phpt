--TEST--
rustredis.lock_max_hold: renewal stops after it, the lock runs out, a waiter takes it, and the holder's later write is refused with a warning
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$id = rr_id('maxhold');
rr_cmd(['SET', lk_key($id), 'by|s:8:"original";']);
$ini = ['rustredis.lock_expire' => '1', 'rustredis.lock_max_hold' => '2'];
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN);'
    . ' $_SESSION["by"] = "holder"; var_dump(session_write_close());', $ini);
lk_expect($holder, 'LOCKED');
$t = microtime(true);
$waiter = lk_spawn('session_id(' . lk_q($id) . '); var_dump(session_start()); echo $_SESSION["by"], "\n";'
    . ' $_SESSION["by"] = "waiter"; session_write_close();', $ini + ['rustredis.lock_wait_timeout' => '10000']);
echo lk_end($waiter);
$waited = microtime(true) - $t;
echo 'the waiter got it after max_hold: ', var_export($waited > 1.4 && $waited < 3.5, true), "\n";
lk_send($holder);
echo lk_end($holder);
echo rr_cmd(['GET', lk_key($id)]), "\n";
?>
--EXPECTF--
bool(true)
original
the waiter got it after max_hold: true

Warning: session_write_close(): session lock of #%x %s: data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
by|s:6:"waiter";
