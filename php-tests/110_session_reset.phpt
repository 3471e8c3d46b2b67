--TEST--
session_reset() throws away changes and reloads the data stored in Redis
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
$id = rr_id('reset');
$key = "PHPREDIS_SESSION:$id";
rr_cmd(['SET', $key, 'a|i:1;']);
session_id($id);
session_start();
$_SESSION['a'] = 2;
$_SESSION['x'] = 'new';
// Someone else changed the stored session meanwhile: reset reads it again.
rr_cmd(['SET', $key, 'a|i:5;']);
var_dump(session_reset());
var_dump($_SESSION);
var_dump(session_id() === $id);
session_write_close();
var_dump(rr_cmd(['GET', $key]));
?>
--EXPECT--
bool(true)
array(1) {
  ["a"]=>
  int(5)
}
bool(true)
string(6) "a|i:5;"
