--TEST--
read of an unknown session id is empty, not an error; nothing is stored before the write
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
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('unknown');
session_id($id);
var_dump(session_start());
var_dump(session_id() === $id);
var_dump(session_status() === PHP_SESSION_ACTIVE);
var_dump($_SESSION);
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$id"]));
$_SESSION['n'] = 1;
var_dump(session_write_close());
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(0) {
}
int(0)
bool(true)
string(6) "n|i:1;"
