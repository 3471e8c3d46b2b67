--TEST--
interop: rustredis proceeds as soon as a phpredis holder releases
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!file_exists(ini_get('extension_dir') . '/redis.so')) die('skip phpredis (redis.so) not installed'); ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_wait_time=20000
rustredis.lock_retries=200
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('prrelease');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; usleep(400000);'
    . '$_SESSION["a"] = 2; session_write_close(); echo "RELEASED\n";',
    ['redis.session.lock_expire' => '30'], true);
lk_expect($c, 'LOCKED');
$t = microtime(true);
session_id($id);
var_dump(session_start());
$waited = microtime(true) - $t;
lk_check($waited >= 0.3 && $waited < 1.5, "waited $waited s");
var_dump($_SESSION);
session_write_close();
echo lk_end($c);
var_dump(lk_locked($id));
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(2)
}
RELEASED
int(0)
