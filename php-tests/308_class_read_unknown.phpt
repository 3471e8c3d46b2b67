--TEST--
class: read() of an unknown id returns an empty string and creates no key
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
$id = rr_id("unknown");
var_dump($h->open("", "PHPSESSID"), $h->read($id), $h->close());
var_dump($h->read($id));
var_dump(rr_cmd(["EXISTS", "PHPREDIS_SESSION:$id"]));
?>
--EXPECT--
bool(true)
string(0) ""
bool(true)
string(0) ""
int(0)
