--TEST--
lock: a holder killed with SIGKILL blocks the session until its lock TTL runs out, not longer
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_retries=-1
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('killed');
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; sleep(30);',
    ['rustredis.lock_expire' => '1']);
lk_expect($c, 'LOCKED');
$t = microtime(true);
proc_terminate($c['proc'], 9);
lk_end($c);
// killed: nothing released the lock
$pttl = rr_cmd(['PTTL', lk_key($id, '_LOCK')]);
lk_check($pttl > 0 && $pttl <= 1000, "PTTL after kill $pttl");
session_id($id);
var_dump(session_start());
$waited = microtime(true) - $t;
lk_check($waited >= 0.6 && $waited < 1.8, "started $waited s after the kill");
$_SESSION['x'] = 1;
session_write_close();
var_dump(lk_locked($id), rr_cmd(['GET', lk_key($id)]));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(0)
string(6) "x|i:1;"
