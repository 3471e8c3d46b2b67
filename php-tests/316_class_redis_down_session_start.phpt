--TEST--
class via session_set_save_handler with Redis down: session_start() false, the warning from read()
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
session_set_save_handler(new RustRedis\SessionHandler("tcp://127.0.0.1:$port"), true);
session_id(rr_id("down"));
var_dump(session_start());
echo "still running\n";
?>
--EXPECTF--
Warning: RustRedis\SessionHandler::read(): cannot connect to Redis at tcp://127.0.0.1:%d: connection refused in %s on line %d

Warning: session_start(): Failed to read session data: user (path: %S) in %s on line %d
bool(false)
still running
