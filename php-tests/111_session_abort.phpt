--TEST--
session_abort() leaves the stored value and its TTL unchanged
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=5000
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('abort');
$key = "PHPREDIS_SESSION:$id";
rr_cmd(['SET', $key, 'a|i:1;', 'EX', 50]);
session_id($id);
session_start();
$_SESSION['a'] = 2;
var_dump(session_abort());
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(rr_cmd(['GET', $key]));
$ttl = rr_cmd(['TTL', $key]);
var_dump($ttl > 0 && $ttl <= 50);

// Aborting a new session creates no key.
$id2 = rr_id('abort2');
session_id($id2);
session_start();
$_SESSION['z'] = 1;
session_abort();
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$id2"]));
?>
--EXPECT--
bool(true)
bool(true)
string(6) "a|i:1;"
bool(true)
int(0)
