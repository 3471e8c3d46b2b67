--TEST--
Redis down: connection refused warning, session_start() false, the script continues
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s);
ini_set('session.save_path', "tcp://127.0.0.1:$port");
$t = microtime(true);
session_id(rr_id('down'));
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
// A second attempt in the same request fails at once: one outage, one warning
// of its cause, no second wait.
session_id(rr_id('down'));
var_dump(session_start());
var_dump(microtime(true) - $t < 3.0);
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): cannot connect to Redis at tcp://127.0.0.1:%d: connection refused in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in %s on line %d
bool(false)
bool(true)

Warning: session_start(): Redis at tcp://127.0.0.1:%d is unreachable (it failed earlier in this request, under a second ago; not tried again yet) in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in %s on line %d
bool(false)
bool(true)
still running
