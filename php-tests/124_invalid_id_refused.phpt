--TEST--
an id with characters PHP does not allow ("bad!id", too long) fails session_start with a warning, as files does; nothing reaches Redis
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.use_strict_mode=0
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
ini_set('session.save_path', rr_path());
session_id('bad!id');
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(rr_cmd(['EXISTS', 'PHPREDIS_SESSION:bad!id']));

$long = str_repeat('a', 257);
session_id($long);
var_dump(session_start());
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$long"]));

// 256 characters is still a valid id.
$max = str_repeat('b', 200) . rr_id('max');
$max = substr($max . str_repeat('c', 256), 0, 256);
session_id($max);
var_dump(session_start());
$_SESSION['m'] = 1;
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$max"]));
rr_cmd(['DEL', "PHPREDIS_SESSION:$max"]);
?>
--EXPECTF--
Warning: session_start(): invalid session id #5fa4e6275be6: only A-Z, a-z, 0-9, "," and "-" are allowed, 1 to 256 characters in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in %s on line %d
bool(false)
bool(true)
int(0)

Warning: session_start(): invalid session id #e8d95cc2b4bc: only A-Z, a-z, 0-9, "," and "-" are allowed, 1 to 256 characters in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in %s on line %d
bool(false)
int(0)
bool(true)
string(6) "m|i:1;"
