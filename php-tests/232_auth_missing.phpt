--TEST--
no auth against a requirepass server: NOAUTH warning
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', rr_path('', 'AUTH'));
$id = rr_id('fail');
session_id($id);
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);

echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): authentication to Redis at tcp://127.0.0.1:%d failed: Authentication required. in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
still running
