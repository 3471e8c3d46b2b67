--TEST--
class: validateId() is true for a stored session, false otherwise
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
$id = rr_id("valid");
$h->write($id, "x");
var_dump($h->validateId($id));
var_dump($h->validateId(rr_id("missing")));
var_dump($h->validateId("bad id!"));
var_dump($h->validateId(""));
?>
--EXPECT--
bool(true)
bool(false)
bool(false)
bool(false)
