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
$out = lk_run('echo phpversion("redis"), "\n"; session_id(' . lk_q($id) . '); var_dump(session_start()); var_dump(session_status() === PHP_SESSION_ACTIVE);',
    ['redis.session.lock_retries' => '3', 'redis.session.lock_wait_time' => '20000'], true);
[$version, $out] = explode("\n", $out, 2);
// phpredis 5 notices and carries on without the lock; phpredis 6 warns and
// fails session_start(). Either way it does not touch our lock.
$expected = version_compare($version, '6.0', '>=')
    ? "\nWarning: session_start(): Failed to acquire session lock in Command line code on line 1\n"
      . "\nWarning: session_start(): Failed to read session data: redis (path: " . rr_path()
      . ") in Command line code on line 1\nbool(false)\nbool(false)\n"
    : "\nNotice: session_start(): Acquire of session lock was not successful in Command line code on line 1\n"
      . "bool(true)\nbool(true)\n";
var_dump($out === $expected);
if ($out !== $expected) echo "phpredis $version printed:\n$out";
var_dump(rr_cmd(['GET', lk_key($id, '_LOCK')]) === $token);
$_SESSION['a'] = 3;
session_write_close();
var_dump(lk_locked($id), rr_cmd(['GET', lk_key($id)]));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(0)
string(6) "a|i:3;"
