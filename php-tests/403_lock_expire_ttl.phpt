--TEST--
lock: rustredis.lock_expire sets the lock TTL
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_expire=5
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('expire');
session_id($id);
var_dump(session_start());
$pttl = rr_cmd(['PTTL', lk_key($id, '_LOCK')]);
lk_check($pttl > 4000 && $pttl <= 5000, "PTTL $pttl\n");
session_write_close();
var_dump(lk_locked($id));
?>
--EXPECT--
bool(true)
bool(true)
int(0)
