--TEST--
class: session_set_save_handler() round trip like the ini route
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
$h = new RustRedis\SessionHandler(rr_path());
var_dump(session_set_save_handler($h, true));
$id = rr_id("cls");
session_id($id);
var_dump(session_start());
$_SESSION["user"] = "alice";
var_dump(session_write_close());
var_dump(rr_cmd(["GET", "PHPREDIS_SESSION:$id"]), rr_cmd(["TTL", "PHPREDIS_SESSION:$id"]));
$_SESSION = [];
session_id($id);
var_dump(session_start(), $_SESSION);
session_destroy();
var_dump(rr_cmd(["EXISTS", "PHPREDIS_SESSION:$id"]));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
string(17) "user|s:5:"alice";"
int(900)
bool(true)
array(1) {
  ["user"]=>
  string(5) "alice"
}
int(0)
