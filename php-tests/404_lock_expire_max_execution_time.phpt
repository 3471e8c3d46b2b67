--TEST--
lock: rustredis.lock_expire=0 takes max_execution_time as the lock TTL
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_expire=0
max_execution_time=7
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('maxexec');
session_id($id);
var_dump(session_start());
$pttl = rr_cmd(['PTTL', lk_key($id, '_LOCK')]);
lk_check($pttl > 6000 && $pttl <= 7000, "PTTL $pttl\n");
session_write_close();
var_dump(lk_locked($id));
?>
--EXPECT--
bool(true)
bool(true)
int(0)
