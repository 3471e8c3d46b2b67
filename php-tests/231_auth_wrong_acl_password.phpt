--TEST--
wrong ACL password in redis:// URL: auth failure warning, without the password
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', 'redis://alice:WrongPw123@127.0.0.1:' . rr_port('AUTH'));
$id = rr_id('fail');
session_id($id);
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(rr_cmd(["EXISTS", "PHPREDIS_SESSION:$id"], "AUTH", ["s3cret"]));
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): authentication to Redis at tcp://127.0.0.1:%d failed: wrong password, or unknown or disabled user in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
int(0)
still running
