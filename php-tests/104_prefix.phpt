--TEST--
the prefix parameter of the save path replaces PHPREDIS_SESSION: in the key
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
ini_set('session.save_path', rr_path('prefix=myapp%3Asess%3A'));
$id = rr_id('prefix');
session_id($id);
session_start();
$_SESSION['p'] = 'x';
session_write_close();
var_dump(rr_cmd(['GET', "myapp:sess:$id"]));
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$id"]));

// Reading uses the prefix too: data stored under the prefixed key is found.
rr_cmd(['SET', "myapp:sess:$id", 'p|s:1:"y";']);
$_SESSION = [];
session_id($id);
session_start();
var_dump($_SESSION);
session_destroy();
var_dump(rr_cmd(['EXISTS', "myapp:sess:$id"]));
?>
--EXPECT--
string(10) "p|s:1:"x";"
int(0)
array(1) {
  ["p"]=>
  string(1) "y"
}
int(0)
