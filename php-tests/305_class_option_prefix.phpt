--TEST--
class: prefix option overrides the key prefix
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
$h = new RustRedis\SessionHandler(rr_path(), ["prefix" => "myapp:sess:"]);
$id = rr_id("pfx");
var_dump($h->write($id, "data"));
var_dump(rr_cmd(["GET", "myapp:sess:$id"]), rr_cmd(["EXISTS", "PHPREDIS_SESSION:$id"]));
// Same save path without the option still uses the default prefix.
$d = new RustRedis\SessionHandler(rr_path());
var_dump($d->read($id));
$d->write($id, "other");
var_dump(rr_cmd(["GET", "PHPREDIS_SESSION:$id"]), $h->read($id));
?>
--EXPECT--
bool(true)
string(4) "data"
int(0)
string(0) ""
string(5) "other"
string(4) "data"
