--TEST--
the key's TTL is session.gc_maxlifetime, at every write, as set when writing
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=777
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('ttl');
$key = "PHPREDIS_SESSION:$id";
session_id($id);
session_start();
$_SESSION['a'] = 1;
session_write_close();
var_dump(rr_cmd(['TTL', $key]));

// A second write with a different maxlifetime sets the new TTL.
rr_cmd(['EXPIRE', $key, 5]);
ini_set('session.gc_maxlifetime', '86400');
session_id($id);
session_start();
$_SESSION['a'] = 2;
session_write_close();
var_dump(rr_cmd(['TTL', $key]));
var_dump(rr_cmd(['GET', $key]));

// A maxlifetime longer than 30 days is a relative TTL, not a timestamp.
ini_set('session.gc_maxlifetime', '31536000');
session_id($id);
session_start();
$_SESSION['a'] = 3;
session_write_close();
var_dump(rr_cmd(['TTL', $key]));
?>
--EXPECT--
int(777)
int(86400)
string(6) "a|i:2;"
int(31536000)
