--TEST--
lock: a waiter is woken by the release, not by its lock_wait_time running out (no polling)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('handover');
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN);'
    . '$_SESSION["h"] = 1; session_write_close(); printf("%.6f\n", microtime(true));');
lk_expect($holder, 'LOCKED');
$waiter = lk_spawn('session_id(' . lk_q($id) . '); echo "WAITING\n"; $ok = session_start();'
    . 'printf("%.6f\n", microtime(true)); var_dump($ok, $_SESSION); session_write_close();',
    ['rustredis.lock_wait_time' => '2000000', 'rustredis.lock_retries' => '5']);
lk_expect($waiter, 'WAITING');
// the waiter has tried once, flagged that it waits, and blocks (up to 2 s)
$flag = false;
for ($i = 0; $i < 200 && !$flag; $i++) { usleep(10000); $flag = rr_cmd(['EXISTS', lk_key($id, '_LOCK_WAITERS')]) === 1; }
var_dump($flag);
usleep(200000);
lk_send($holder);
$released = (float) lk_end($holder);
$out = lk_end($waiter);
[$started, $rest] = explode("\n", $out, 2);
$delay = (float) $started - $released;
// (can be slightly negative: the holder stamps its clock after session_write_close() returns)
lk_check($delay < 0.5, "waiter started $delay s after the release");
echo $rest;
var_dump(lk_locked($id));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(1) {
  ["h"]=>
  int(1)
}
int(0)
