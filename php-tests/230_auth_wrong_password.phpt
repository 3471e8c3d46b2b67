--TEST--
wrong password: auth failure warning, without the password
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', rr_path('auth=WrongPw123', 'AUTH'));
$id = rr_id('fail');
session_id($id);
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
// Our warning (the first one; PHP's own "Failed to read" repeats the raw path).
set_error_handler(function ($no, $msg) use (&$ours) { $ours ??= $msg; return true; });
session_id(rr_id('fail'));
session_start();
restore_error_handler();
var_dump(str_starts_with($ours, 'session_start(): authentication to Redis'), str_contains($ours, 'WrongPw123'));
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): authentication to Redis at tcp://127.0.0.1:%d failed: wrong password, or unknown or disabled user in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
bool(true)
bool(false)
still running
