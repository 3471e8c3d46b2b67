--TEST--
lock: lock_failure_readonly=1 starts the session with its data but refuses to write it
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_failure_readonly=1
rustredis.lock_wait_time=10000
rustredis.lock_retries=3
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('readonly');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
rr_cmd(['SET', lk_key($id, '_LOCK'), 'someone-else', 'PX', '10000']);
session_id($id);
var_dump(session_start());
var_dump($_SESSION);
$_SESSION['a'] = 2;
var_dump(session_write_close());
var_dump(rr_cmd(['GET', lk_key($id)]));
var_dump(rr_cmd(['GET', lk_key($id, '_LOCK')]));
?>
--EXPECTF--
Warning: session_start(): cannot lock session #%x: still locked by another request after waiting %f s (rustredis.lock_wait_time, rustredis.lock_retries); the session starts read-only in %s on line %d
bool(true)
array(1) {
  ["a"]=>
  int(1)
}

Warning: session_write_close(): session #%x is read-only (its lock could not be acquired): data not written in %s on line %d

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in %s on line %d
bool(true)
string(6) "a|i:1;"
string(12) "someone-else"
