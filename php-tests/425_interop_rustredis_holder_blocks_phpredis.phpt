--TEST--
interop: a session locked by rustredis makes phpredis fail to acquire its lock
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!file_exists(ini_get('extension_dir') . '/redis.so')) die('skip phpredis (redis.so) not installed'); ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('rrhold');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
session_id($id);
var_dump(session_start());
$token = rr_cmd(['GET', lk_key($id, '_LOCK')]);
$out = lk_run('session_id(' . lk_q($id) . '); var_dump(session_start()); var_dump(session_status() === PHP_SESSION_ACTIVE);',
    ['redis.session.lock_retries' => '3', 'redis.session.lock_wait_time' => '20000'], true);
echo $out;
// phpredis carries on without the lock (its documented behaviour); ours is untouched
var_dump(rr_cmd(['GET', lk_key($id, '_LOCK')]) === $token);
$_SESSION['a'] = 3;
session_write_close();
var_dump(lk_locked($id), rr_cmd(['GET', lk_key($id)]));
?>
--EXPECTF--
bool(true)

Notice: session_start(): Acquire of session lock was not successful in Command line code on line 1
bool(true)
bool(true)
bool(true)
int(0)
string(6) "a|i:3;"
