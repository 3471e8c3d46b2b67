--TEST--
wait_replicas with wait_degraded=accept: a write too few replicas confirmed counts, warned once per worker until a write there is confirmed; refused and accepted writes are counted in phpinfo
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
function stats(): string {
    ob_start();
    phpinfo(INFO_MODULES);
    preg_match('/^Replica waits => (.*)$/m', ob_get_clean(), $m);
    return $m[1] . "\n";
}
foreach (['1', '0'] as $locking) {
    ini_set('rustredis.locking_enabled', $locking);
    // C has no replica: every write falls short. Only the first warns.
    ini_set('session.save_path', rr_path('wait_replicas=1&wait_timeout=50&wait_degraded=accept', 'C'));
    for ($i = 0; $i < 3; $i++) {
        session_id($id = rr_id('acc'));
        session_start();
        $_SESSION['n'] = $i;
        var_dump(session_write_close());
    }
    var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"], 'C'), rr_cmd(['EXISTS', "PHPREDIS_SESSION:{$id}_LOCK"], 'C'));
    // A destroy is a write too: accepted, no second warning.
    session_id($id);
    session_start();
    var_dump(session_destroy(), rr_cmd(['EXISTS', "PHPREDIS_SESSION:$id"], 'C'));
}
echo stats();
// The default (refuse) reports the write failed, every time.
ini_set('rustredis.locking_enabled', '1');
ini_set('session.save_path', rr_path('wait_replicas=1&wait_timeout=50', 'C'));
session_id(rr_id('ref'));
session_start();
$_SESSION['n'] = 1;
session_write_close();
echo stats();
echo ob_get_clean();
?>
--EXPECTF--
Warning: session_write_close(): session written to Redis at tcp://127.0.0.1:%d but only 0 of 1 replicas confirmed it within 50 ms; accepted (rustredis wait_degraded=accept): this worker warns again only after that server confirms a write in %s on line %d
bool(true)
bool(true)
bool(true)
string(6) "n|i:2;"
int(0)
bool(true)
int(0)
bool(true)
bool(true)
bool(true)
string(6) "n|i:2;"
int(0)
bool(true)
int(0)
confirmed 0, too few replicas: refused 0, accepted 8 (wait_replicas, wait_degraded)

Warning: session_write_close(): session written to Redis at tcp://127.0.0.1:%d but only 0 of 1 replicas confirmed it within 50 ms (rustredis wait_replicas) in %s on line %d

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (%s) in %s on line %d
confirmed 0, too few replicas: refused 1, accepted 8 (wait_replicas, wait_degraded)
