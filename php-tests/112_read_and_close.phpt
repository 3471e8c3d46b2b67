--TEST--
session_start(['read_and_close' => true]) reads the data and writes nothing (value and TTL unchanged)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=5000
session.lazy_write=1
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('rac');
$key = "PHPREDIS_SESSION:$id";
rr_cmd(['SET', $key, 'a|i:1;', 'EX', 50]);
session_id($id);
var_dump(session_start(['read_and_close' => true]));
var_dump(session_status() === PHP_SESSION_NONE);
var_dump($_SESSION);
$_SESSION['a'] = 99;
var_dump(rr_cmd(['GET', $key]));
$ttl = rr_cmd(['TTL', $key]);
var_dump($ttl > 0 && $ttl <= 50);

// Same with lazy_write off: still no write, no refresh.
ini_set('session.lazy_write', '0');
session_id($id);
session_start(['read_and_close' => true]);
var_dump(rr_cmd(['GET', $key]));
$ttl = rr_cmd(['TTL', $key]);
var_dump($ttl > 0 && $ttl <= 50);
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
string(6) "a|i:1;"
bool(true)
string(6) "a|i:1;"
bool(true)
