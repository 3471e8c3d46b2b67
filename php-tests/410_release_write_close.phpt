--TEST--
lock: session_write_close() releases the lock
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
$id = rr_id("wc");
session_id($id);
var_dump(session_start(), lk_locked($id));
$_SESSION["x"] = 1;
var_dump(session_write_close(), lk_locked($id));
var_dump(rr_cmd(["GET", lk_key($id)]));
?>
--EXPECTF--
bool(true)
int(1)
bool(true)
int(0)
string(6) "x|i:1;"
