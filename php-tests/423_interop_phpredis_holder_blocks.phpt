--TEST--
interop: a session locked by phpredis makes rustredis wait and give up
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!file_exists(ini_get('extension_dir') . '/redis.so')) die('skip phpredis (redis.so) not installed'); ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_wait_time=50000
rustredis.lock_retries=4
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('prhold');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN); session_write_close();',
    ['redis.session.lock_expire' => '30'], true);
lk_expect($c, 'LOCKED');
var_dump(lk_locked($id));
session_id($id);
$t = microtime(true);
var_dump(session_start());
$waited = microtime(true) - $t;
lk_check($waited >= 0.18 && $waited < 1.0, "waited $waited s");
lk_send($c);
echo lk_end($c);
var_dump(lk_locked($id));
?>
--EXPECTF--
int(1)

Warning: session_start(): cannot lock session #%x: still locked by another request after waiting %f s (rustredis.lock_wait_time, rustredis.lock_retries) in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://%s) in %s on line %d
bool(false)
bool(true)
int(0)
