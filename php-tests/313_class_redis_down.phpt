--TEST--
class: with Redis down read() returns false with the warning, every direct call warns
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
$s = stream_socket_server("tcp://127.0.0.1:0");
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ":"), 1);
fclose($s);
$h = new RustRedis\SessionHandler("tcp://127.0.0.1:$port");
$id = rr_id("down");
var_dump($h->read($id));
var_dump($h->write($id, "x"));
echo "still running\n";
?>
--EXPECTF--
Warning: RustRedis\SessionHandler::read(): cannot connect to Redis at tcp://127.0.0.1:%d: connection refused in %s on line %d
bool(false)

Warning: RustRedis\SessionHandler::write(): cannot connect to Redis at tcp://127.0.0.1:%d: connection refused in %s on line %d
bool(false)
still running
