--TEST--
class: an id with characters PHP never generates is refused before Redis
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
var_dump($h->write("../etc/passwd", "x"));
var_dump(rr_cmd(["EXISTS", "PHPREDIS_SESSION:../etc/passwd"]));
?>
--EXPECTF--
Warning: RustRedis\SessionHandler::write(): invalid session id #7fef78f53440: only A-Z, a-z, 0-9, "," and "-" are allowed, 1 to 256 characters in %s on line %d
bool(false)
int(0)
