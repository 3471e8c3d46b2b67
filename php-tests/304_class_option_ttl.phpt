--TEST--
class: ttl option sets the key TTL instead of session.gc_maxlifetime
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
$h = new RustRedis\SessionHandler(rr_path(), ["ttl" => 77]);
$id = rr_id("ttl");
var_dump($h->write($id, "x"));
var_dump(rr_cmd(["TTL", "PHPREDIS_SESSION:$id"]));
$d = new RustRedis\SessionHandler(rr_path());
$id2 = rr_id("ttl");
$d->write($id2, "x");
var_dump(rr_cmd(["TTL", "PHPREDIS_SESSION:$id2"]));
?>
--EXPECT--
bool(true)
int(77)
int(900)
