--TEST--
database=N in the save path stores sessions in that database only
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=600
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path('database=3'));
$id = rr_id('db');
$key = "PHPREDIS_SESSION:$id";
session_id($id);
session_start();
$_SESSION['db'] = 3;
session_write_close();
try {
    var_dump(rr_cmd(['EXISTS', $key]));
    var_dump(rr_cmd(['SELECT', 3]));
    var_dump(rr_cmd(['GET', $key]));
    var_dump(rr_cmd(['TTL', $key]));
    // Data put into database 3 is what the handler reads.
    rr_cmd(['SET', $key, 'db|s:5:"three";']);
} finally {
    var_dump(rr_cmd(['SELECT', 0]));
}
$_SESSION = [];
session_id($id);
session_start();
var_dump($_SESSION);
session_abort();
?>
--EXPECT--
int(0)
string(2) "OK"
string(7) "db|i:3;"
int(600)
string(2) "OK"
array(1) {
  ["db"]=>
  string(5) "three"
}
