--TEST--
lock: session_regenerate_id(false) releases the old id and holds the new one
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
ob_start(); // session_regenerate_id() needs headers not sent
ini_set('session.save_path', rr_path());
$old = rr_id("regen");
rr_cmd(["SET", lk_key($old), "x|i:1;"]);
session_id($old);
var_dump(session_start(), lk_locked($old));
$_SESSION["x"] = 2;
var_dump(session_regenerate_id(false));
$new = session_id();
var_dump($new !== $old);
var_dump(lk_locked($old), lk_locked($new));
var_dump(rr_cmd(["GET", lk_key($old)]));
session_write_close();
var_dump(lk_locked($new), rr_cmd(["GET", lk_key($new)]));
?>
--EXPECTF--
bool(true)
int(1)
bool(true)
bool(true)
int(0)
int(1)
string(6) "x|i:2;"
int(0)
string(6) "x|i:2;"
