--TEST--
a unix:// save path stores sessions through the unix socket of the server
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
$s = getenv('RUSTREDIS_TEST_SOCKET');
if (!$s || !file_exists($s)) die('skip no unix socket of the test server');
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', 'unix://' . getenv('RUSTREDIS_TEST_SOCKET'));
$id = rr_id('unix');
session_id($id);
var_dump(session_start());
$_SESSION['via'] = 'unix';
var_dump(session_write_close());
// The main server behind the socket, read over TCP.
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));
rr_cmd(['SET', "PHPREDIS_SESSION:$id", 'via|s:3:"tcp";']);
$_SESSION = [];
session_id($id);
var_dump(session_start());
var_dump($_SESSION['via']);
session_abort();
?>
--EXPECT--
bool(true)
bool(true)
string(15) "via|s:4:"unix";"
bool(true)
string(3) "tcp"
