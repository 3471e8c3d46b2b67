--TEST--
malformed save_path: port is not a number
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', 'tcp://127.0.0.1:abc');
session_id(rr_id('bad'));
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): invalid session.save_path entry "tcp://127.0.0.1:abc": invalid port in %s on line %d

Warning: session_start(): Failed to initialize storage module: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
still running
