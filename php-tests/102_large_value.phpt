--TEST--
a 10 MiB session value round-trips unchanged
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
memory_limit=512M
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('large');
$big = random_bytes(10 * 1024 * 1024);
session_id($id);
var_dump(session_start());
$_SESSION['big'] = $big;
var_dump(session_write_close());
$raw = rr_cmd(['GET', "PHPREDIS_SESSION:$id"]);
$expected = 'big|s:' . strlen($big) . ':"' . $big . '";';
var_dump(strlen($raw));
var_dump($raw === $expected);
var_dump(rr_cmd(['STRLEN', "PHPREDIS_SESSION:$id"]));
$_SESSION = [];
session_id($id);
var_dump(session_start());
var_dump(strlen($_SESSION['big']));
var_dump($_SESSION['big'] === $big);
session_abort();
rr_cmd(['DEL', "PHPREDIS_SESSION:$id"]);
?>
--EXPECT--
bool(true)
bool(true)
int(10485778)
bool(true)
int(10485778)
bool(true)
int(10485760)
bool(true)
