--TEST--
lock: session_reset() reloads the data under the lock it holds (no self-deadlock)
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
$id = rr_id("reset");
rr_cmd(["SET", lk_key($id), "x|i:1;"]);
session_id($id);
var_dump(session_start());
$token = rr_cmd(["GET", lk_key($id, "_LOCK")]);
$_SESSION["x"] = 5;
rr_cmd(["SET", lk_key($id), "x|i:2;"]);
$t = microtime(true);
var_dump(session_reset());
lk_check(microtime(true) - $t < 0.05, "session_reset() waited");
var_dump($_SESSION);
var_dump(rr_cmd(["GET", lk_key($id, "_LOCK")]) === $token);
$_SESSION["x"] = 3;
session_write_close();
var_dump(lk_locked($id), rr_cmd(["GET", lk_key($id)]));
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
array(1) {
  ["x"]=>
  int(2)
}
bool(true)
int(0)
string(6) "x|i:3;"
