--TEST--
session_regenerate_id(false) keeps the old key (with the data of that moment) and moves the data to a new id
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$old = rr_id('regenkeep');
rr_cmd(['SET', "PHPREDIS_SESSION:$old", 'a|i:1;']);
session_id($old);
session_start();
$_SESSION['b'] = 2;
var_dump(session_regenerate_id(false));
$new = session_id();
var_dump($new !== $old);
var_dump((bool) preg_match('/^[0-9a-f]{32}$/', $new));
var_dump(session_status() === PHP_SESSION_ACTIVE);
var_dump($_SESSION);
$_SESSION['c'] = 3;
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$old"]));
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$new"]));
var_dump(rr_cmd(['TTL', "PHPREDIS_SESSION:$new"]));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
string(12) "a|i:1;b|i:2;"
string(18) "a|i:1;b|i:2;c|i:3;"
int(900)
