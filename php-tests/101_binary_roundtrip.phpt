--TEST--
session data is stored byte for byte: NUL bytes and invalid UTF-8 survive a round trip
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.serialize_handler=php
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('binary');
$v = "a\0b\xff\xfe\xc3\x28\r\n\0\0\x80end";
session_id($id);
session_start();
$_SESSION['b'] = $v;
session_write_close();
$raw = rr_cmd(['GET', "PHPREDIS_SESSION:$id"]);
var_dump(strlen($raw));
var_dump(bin2hex($raw));
$_SESSION = [];
session_id($id);
session_start();
var_dump($_SESSION['b'] === $v);
session_abort();

// A raw value put into Redis directly (php_binary format: its length bytes
// are not text) is handed to PHP unchanged, and written back unchanged.
$id2 = rr_id('binary2');
ini_set('session.serialize_handler', 'php_binary');
$blob = chr(1) . 'k' . serialize("x\0\xff");
rr_cmd(['SET', "PHPREDIS_SESSION:$id2", $blob]);
session_id($id2);
session_start();
var_dump(bin2hex($_SESSION['k']));
var_dump(bin2hex(session_encode()));
$_SESSION['k'] = "\0\0";
session_write_close();
var_dump(bin2hex(rr_cmd(['GET', "PHPREDIS_SESSION:$id2"])));
?>
--EXPECT--
int(25)
string(50) "627c733a31353a22610062fffec3280d0a000080656e64223b"
bool(true)
string(6) "7800ff"
string(24) "016b733a333a227800ff223b"
string(22) "016b733a323a220000223b"
