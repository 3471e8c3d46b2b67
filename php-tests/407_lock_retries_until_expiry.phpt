--TEST--
lock: lock_retries=-1 waits until the holder's lock expires, and not less
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_retries=-1
rustredis.lock_wait_time=20000
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('untilexpiry');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
rr_cmd(['SET', lk_key($id, '_LOCK'), 'someone-else', 'PX', '400']);
$t = microtime(true);
session_id($id);
var_dump(session_start());
$waited = microtime(true) - $t;
lk_check($waited >= 0.35 && $waited < 1.5, "waited $waited s\n");
var_dump($_SESSION);
$lock = rr_cmd(['GET', lk_key($id, '_LOCK')]);
var_dump(is_string($lock) && $lock !== 'someone-else');
session_write_close();
var_dump(lk_locked($id));
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
int(0)
