--TEST--
class: Laravel-style write/read/destroy without open() or close()
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
$id = rr_id("laravel");
var_dump($h->write($id, "payload-1"));
var_dump($h->read($id));
var_dump(rr_cmd(["GET", "PHPREDIS_SESSION:$id"]));
var_dump($h->write($id, "payload-2"), $h->read($id));
var_dump($h->destroy($id));
var_dump(rr_cmd(["EXISTS", "PHPREDIS_SESSION:$id"]), $h->read($id));
var_dump($h->destroy($id));
?>
--EXPECT--
bool(true)
string(9) "payload-1"
string(9) "payload-1"
bool(true)
string(9) "payload-2"
bool(true)
int(0)
string(0) ""
bool(true)
