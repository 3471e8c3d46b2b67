--TEST--
lock: lock_expire=0 and max_execution_time=0 give a 30 s lock, never an unlimited one
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_expire=0
max_execution_time=0
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('fallback');
session_id($id);
var_dump(session_start());
$pttl = rr_cmd(['PTTL', lk_key($id, '_LOCK')]);
lk_check($pttl > 29000 && $pttl <= 30000, "PTTL $pttl\n");
session_write_close();
var_dump(lk_locked($id));
?>
--EXPECT--
bool(true)
bool(true)
int(0)
