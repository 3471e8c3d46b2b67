--TEST--
lock: session_destroy() deletes the data and releases the lock
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
$id = rr_id("destroy");
rr_cmd(["SET", lk_key($id), "x|i:1;"]);
session_id($id);
var_dump(session_start(), lk_locked($id));
var_dump(session_destroy());
var_dump(lk_locked($id), rr_cmd(["EXISTS", lk_key($id)]));
?>
--EXPECTF--
bool(true)
int(1)
bool(true)
int(0)
int(0)
