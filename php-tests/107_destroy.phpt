--TEST--
session_destroy() deletes the key; destroying an unknown session succeeds
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
$id = rr_id('destroy');
$key = "PHPREDIS_SESSION:$id";
rr_cmd(['SET', $key, 'a|i:1;']);
session_id($id);
session_start();
var_dump($_SESSION);
var_dump(session_destroy());
var_dump(session_status() === PHP_SESSION_NONE);
var_dump(rr_cmd(['EXISTS', $key]));

// Unknown id: session_destroy() is still true and leaves nothing behind.
$id2 = rr_id('destroy2');
session_id($id2);
session_start();
var_dump(session_destroy());
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$id2"]));

// A destroyed session starts empty again.
session_id($id);
session_start();
var_dump($_SESSION);
session_abort();
?>
--EXPECT--
array(1) {
  ["a"]=>
  int(1)
}
bool(true)
bool(true)
int(0)
bool(true)
int(0)
array(0) {
}
