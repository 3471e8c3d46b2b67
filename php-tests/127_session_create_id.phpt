--TEST--
session_create_id() gives a fresh id with the prefix and stores nothing
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
ini_set('session.save_path', rr_path());
$before = rr_cmd(['DBSIZE']);
session_id(rr_id('createid'));
session_start();
$a = session_create_id('pre-');
$b = session_create_id();
var_dump((bool) preg_match('/^pre-[0-9a-f]{32}$/', $a));
var_dump((bool) preg_match('/^[0-9a-f]{32}$/', $b));
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$a", "PHPREDIS_SESSION:$b"]));
// Switching to the created id keeps the data.
$_SESSION['v'] = 7;
session_commit();
session_id($a);
session_start();
$_SESSION['v'] = 8;
session_commit();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$a"]));
?>
--EXPECT--
bool(true)
bool(true)
int(0)
string(6) "v|i:8;"
