--TEST--
users: with locking off, a request of a revoked session still running cannot write it back either (its write checks the binding: warned, nothing stored), while unbound sessions keep their plain SET
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.locking_enabled=0
--FILE--
<?php
require __DIR__ . '/users.inc';
ob_start();
ini_set('session.save_path', rr_path());
$user = 'carol-' . bin2hex(random_bytes(4));
$ini = ['rustredis.locking_enabled' => '0'];
[$a, $b] = [us_login($user, $ini), us_login($user, $ini)];
foreach (['write' => '$_SESSION["data"] = "written back";', 'lazy write' => ''] as $what => $change) {
    echo "$what\n";
    $b = us_login($user, $ini);
    $running = lk_spawn('ini_set("session.lazy_write", "1"); session_id(' . lk_q($b) . '); session_start(); echo "READ\n";'
        . ' fgets(STDIN); ' . $change . ' var_dump(session_write_close()); echo "DONE\n";', $ini);
    lk_expect($running, 'READ');
    var_dump(RustRedis\destroy_user_sessions($user, false));
    lk_send($running);
    echo lk_expect($running, 'DONE');
    lk_end($running);
    var_dump(rr_cmd(['EXISTS', lk_key($b)]), rr_cmd(['GET', lk_key($b, '_USER')]));
}
// An unbound session: written as before, no binding key.
$id = trim(lk_run('session_start(); $_SESSION["n"] = 1; echo session_id(), "\n";', $ini));
var_dump(rr_cmd(['GET', lk_key($id)]), rr_cmd(['EXISTS', lk_key($id, '_USER')]));
var_dump(RustRedis\stats()['revoked_writes_refused'] >= 0);
?>
--EXPECTF--
write
int(3)

Warning: session_write_close(): session #%x was revoked (log out everywhere: RustRedis\destroy_user_sessions) while this request ran: data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
int(0)
string(0) ""
lazy write
int(1)

Warning: session_write_close(): session #%x was revoked (log out everywhere: RustRedis\destroy_user_sessions) while this request ran: data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
int(0)
string(0) ""
string(6) "n|i:1;"
int(0)
bool(true)
