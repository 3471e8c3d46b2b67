--TEST--
malformed save_path: wait_timeout is whole milliseconds or has a unit, wait_degraded is refuse or accept
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
foreach (['wait_replicas=1&wait_timeout=0.5', 'wait_replicas=1&wait_degraded=yes'] as $q) {
    ini_set('session.save_path', rr_path($q));
    session_id(rr_id('bad'));
    var_dump(session_start());
}
// With units: accepted.
ini_set('session.save_path', rr_path('wait_timeout=0.5s&wait_degraded=refuse'));
var_dump(session_start(), session_write_close());
echo ob_get_clean();
?>
--EXPECTF--
Warning: session_start(): invalid session.save_path entry "tcp://127.0.0.1:%d?wait_replicas=1&wait_timeout=0.5": wait_timeout is in milliseconds, a whole number above 0 (e.g. wait_timeout=500; units also work: 500ms, 0.5s) in %s on line %d

Warning: session_start(): Failed to initialize storage module: rustredis (path: %s) in %s on line %d
bool(false)

Warning: session_start(): invalid session.save_path entry "tcp://127.0.0.1:%d?wait_replicas=1&wait_degraded=yes": wait_degraded must be "refuse" (a write fewer replicas confirmed fails) or "accept" (it counts, with a warning) in %s on line %d

Warning: session_start(): Failed to initialize storage module: rustredis (path: %s) in %s on line %d
bool(false)
bool(true)
bool(true)
