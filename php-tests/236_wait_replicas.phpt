--TEST--
wait_replicas: a write succeeds only once a replica confirmed it; without a replica it fails with a warning
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_PORT_B_REPLICA')) die('skip no replica test server'); ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
// The replica of B must be in sync before B can confirm anything.
for ($i = 0; $i < 100 && !preg_match('/master_link_status:up/', rr_cmd(['INFO', 'replication'], 'B_REPLICA')); $i++) usleep(50000);
foreach (['1', '0'] as $locking) {
    ini_set('rustredis.locking_enabled', $locking);
    ini_set('session.save_path', rr_path('wait_replicas=1&wait_timeout=1000', 'B'));
    $id = rr_id('wait');
    session_id($id);
    var_dump(session_start());
    $_SESSION['safe'] = $locking;
    var_dump(session_write_close());
    // Confirmed by WAIT, so it is on the replica already.
    var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"], 'B_REPLICA'));
}
// C has no replica: the write cannot be confirmed. The warning says what
// happened (written, 0 of 1 confirmed), the lock is released, and the wait
// is bounded by wait_timeout even with a shorter read_timeout.
ini_set('session.save_path', rr_path('wait_replicas=1&wait_timeout=500&read_timeout=0.1', 'C'));
$id = rr_id('wait');
session_id($id);
var_dump(session_start());
$_SESSION['lost'] = 1;
$t = microtime(true);
session_write_close();
$took = microtime(true) - $t;
var_dump($took >= 0.45 && $took < 0.7, rr_cmd(['GET', "PHPREDIS_SESSION:$id"], 'C'), rr_cmd(['EXISTS', "PHPREDIS_SESSION:{$id}_LOCK"], 'C'));
echo ob_get_clean();
?>
--EXPECTF--
bool(true)
bool(true)
string(13) "safe|s:1:"1";"
bool(true)
bool(true)
string(13) "safe|s:1:"0";"
bool(true)

Warning: session_write_close(): session written to Redis at tcp://127.0.0.1:%d but only 0 of 1 replicas confirmed it within 500 ms (rustredis wait_replicas) in %s on line %d

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (%s) in %s on line %d
bool(true)
string(9) "lost|i:1;"
int(0)
