--TEST--
lock: lock_wait_time x lock_retries bound the wait; then session_start() fails with a warning
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
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
$id = rr_id('waitbound');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
rr_cmd(['SET', lk_key($id, '_LOCK'), 'someone-else', 'PX', '10000']);
session_id($id);
$t = microtime(true);
var_dump(session_start());
$waited = microtime(true) - $t;
lk_check($waited >= 0.18 && $waited < 1.0, "waited $waited s\n");
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(rr_cmd(['GET', lk_key($id, '_LOCK')]));
var_dump(rr_cmd(['GET', lk_key($id)]));
?>
--EXPECTF--
Warning: session_start(): cannot lock session #%x: still locked by another request after waiting %f s (rustredis.lock_wait_time, rustredis.lock_retries) in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://%s) in %s on line %d
bool(false)
bool(true)
bool(true)
string(12) "someone-else"
string(6) "a|i:1;"
