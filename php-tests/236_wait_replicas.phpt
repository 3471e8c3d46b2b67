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
    ini_set('session.save_path', rr_path('wait_replicas=1&wait_timeout=1', 'B'));
    $id = rr_id('wait');
    session_id($id);
    var_dump(session_start());
    $_SESSION['safe'] = $locking;
    var_dump(session_write_close());
    // Confirmed by WAIT, so it is on the replica already.
    var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"], 'B_REPLICA'));
}
// C has no replica: the write cannot be confirmed.
ini_set('session.save_path', rr_path('wait_replicas=1&wait_timeout=0.05', 'C'));
session_id(rr_id('wait'));
var_dump(session_start());
$_SESSION['lost'] = 1;
var_dump(session_write_close());
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

Warning: session_write_close(): Redis error at tcp://127.0.0.1:%d: write not confirmed by the replicas: 0 of 1 within 50 ms (wait_replicas) in %s on line %d

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (%s) in %s on line %d
bool(true)
