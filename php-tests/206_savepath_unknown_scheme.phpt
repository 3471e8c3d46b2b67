--TEST--
malformed save_path: unknown scheme
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', 'http://127.0.0.1:' . rr_port());
session_id(rr_id('bad'));
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): invalid session.save_path entry "http://127.0.0.1:%d": unknown scheme "http" in %s on line %d

Warning: session_start(): Failed to initialize storage module: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
still running
