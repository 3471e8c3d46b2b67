--TEST--
write then read back in a new request; key layout and TTL as phpredis
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.gc_maxlifetime=1234
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('basic');
session_id($id);
var_dump(session_start());
$_SESSION['user'] = 'alice';
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));
var_dump(rr_cmd(['TTL', "PHPREDIS_SESSION:$id"]));
$_SESSION = [];
session_id($id);
session_start();
var_dump($_SESSION);
?>
--EXPECT--
bool(true)
string(17) "user|s:5:"alice";"
int(1234)
array(1) {
  ["user"]=>
  string(5) "alice"
}
