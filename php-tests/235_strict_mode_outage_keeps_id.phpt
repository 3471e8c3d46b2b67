--TEST--
strict mode with Redis down: the id is kept (no new session cookie that would log the user out), the session fails closed
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_strict_mode=1
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
// A port nobody listens on.
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
// The class shows what PHP's session module is told: the id is valid.
$h = new RustRedis\SessionHandler("tcp://127.0.0.1:$port?timeout=0.5");
var_dump(@$h->validateId('keepme123'));
// The native route: PHP does not swap the id (that would need create_sid);
// the server already failed in this request, so it is not tried again.
ini_set('session.save_path', "tcp://127.0.0.1:$port?timeout=0.5");
session_id('keepme123');
var_dump(session_start());
echo ob_get_clean();
?>
--EXPECTF--
bool(true)

Warning: session_start(): Redis at tcp://127.0.0.1:%d is unreachable (it failed earlier in this request, under a second ago; not tried again yet) in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d?timeout=0.5) in %s on line %d
bool(false)
