--TEST--
lock: read_and_close reads and releases at once
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_wait_time=20000
rustredis.lock_retries=5

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id("rac");
rr_cmd(["SET", lk_key($id), "x|i:1;"]);
session_id($id);
var_dump(session_start(["read_and_close" => true]));
var_dump(session_status() === PHP_SESSION_NONE, $_SESSION, lk_locked($id));
?>
--EXPECTF--
bool(true)
bool(true)
array(1) {
  ["x"]=>
  int(1)
}
int(0)
