--TEST--
class: binary data (NUL, high bytes, CRLF) survives write/read byte for byte
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
$id = rr_id("bin");
$data = "a\0b\xff\xfe\r\n\$3\r\n" . str_repeat("\x00\x80", 1000) . "end";
var_dump($h->write($id, $data));
var_dump($h->read($id) === $data, strlen($h->read($id)));
var_dump(rr_cmd(["GET", "PHPREDIS_SESSION:$id"]) === $data);
?>
--EXPECT--
bool(true)
bool(true)
int(2014)
bool(true)
