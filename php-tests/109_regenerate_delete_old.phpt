--TEST--
session_regenerate_id(true) deletes the old key; the data lives on under the new id
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$old = rr_id('regendel');
rr_cmd(['SET', "PHPREDIS_SESSION:$old", 'a|i:1;']);
session_id($old);
session_start();
$_SESSION['b'] = 2;
var_dump(session_regenerate_id(true));
$new = session_id();
var_dump($new !== $old);
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$old"]));
session_write_close();
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$old"]));
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$new"]));
?>
--EXPECT--
bool(true)
bool(true)
int(0)
int(0)
string(12) "a|i:1;b|i:2;"
