--TEST--
strict mode: a known session id is kept and its data read
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$id = rr_id('strictknown');
rr_cmd(['SET', "PHPREDIS_SESSION:$id", 'k|s:4:"kept";']);
session_id($id);
var_dump(session_start());
var_dump(session_id() === $id);
var_dump($_SESSION);
$_SESSION['k'] = 'changed';
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));

// A known but empty session (an empty string stored) exists too.
$empty = rr_id('strictempty');
rr_cmd(['SET', "PHPREDIS_SESSION:$empty", '']);
session_id($empty);
session_start();
var_dump(session_id() === $empty);
session_abort();
?>
--EXPECT--
bool(true)
bool(true)
array(1) {
  ["k"]=>
  string(4) "kept"
}
string(16) "k|s:7:"changed";"
bool(true)
