--TEST--
malformed save_path: weight 0 is rejected
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', rr_path('weight=0'));
session_id(rr_id('bad'));
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_NONE);
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): invalid session.save_path entry "tcp://127.0.0.1:%d?weight=0": invalid value for "weight" in %s on line %d

Warning: session_start(): Failed to initialize storage module: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
still running
