--TEST--
class: gc() returns 0 and deletes nothing; session_gc() reports 0
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
session_set_save_handler($h, true);
$id = rr_id("gc");
$h->write($id, "keep");
var_dump($h->gc(0));
var_dump(rr_cmd(["GET", "PHPREDIS_SESSION:$id"]));
session_id(rr_id("gc"));
session_start();
var_dump(session_gc());
session_write_close();
?>
--EXPECT--
int(0)
string(4) "keep"
int(0)
