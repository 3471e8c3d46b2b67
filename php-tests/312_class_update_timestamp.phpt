--TEST--
class: updateTimestamp() refreshes the TTL, and rewrites an expired session
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
$h = new RustRedis\SessionHandler(rr_path(), ["ttl" => 500]);
$id = rr_id("upd");
$h->write($id, "keep-me");
rr_cmd(["EXPIRE", "PHPREDIS_SESSION:$id", "10"]);
var_dump(rr_cmd(["TTL", "PHPREDIS_SESSION:$id"]));
var_dump($h->updateTimestamp($id, "keep-me"));
var_dump(rr_cmd(["TTL", "PHPREDIS_SESSION:$id"]), rr_cmd(["GET", "PHPREDIS_SESSION:$id"]));
rr_cmd(["DEL", "PHPREDIS_SESSION:$id"]);
var_dump($h->updateTimestamp($id, "again"));
var_dump(rr_cmd(["TTL", "PHPREDIS_SESSION:$id"]), rr_cmd(["GET", "PHPREDIS_SESSION:$id"]));
?>
--EXPECT--
int(10)
bool(true)
int(500)
string(7) "keep-me"
bool(true)
int(500)
string(5) "again"
