--TEST--
session_gc() returns int(0): Redis expires sessions itself, nothing is deleted
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_probability=0
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$other = rr_id('gcother');
rr_cmd(['SET', "PHPREDIS_SESSION:$other", 'o|i:1;']);
session_id(rr_id('gc'));
session_start();
var_dump(session_gc());
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$other"]));

// gc_probability=100 runs gc in session_start: still nothing deleted, no warning.
ini_set('session.gc_probability', '1');
ini_set('session.gc_divisor', '1');
ini_set('session.gc_maxlifetime', '1');
session_id(rr_id('gc2'));
var_dump(session_start());
session_abort();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$other"]));
?>
--EXPECT--
int(0)
string(6) "o|i:1;"
bool(true)
string(6) "o|i:1;"
