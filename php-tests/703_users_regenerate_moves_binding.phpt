--TEST--
users: session_regenerate_id() moves the binding to the new id, deleting the old one or not (the new id replaces the old in the index); a second session started in the same request inherits nothing
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/users.inc';
ob_start();
ini_set('session.save_path', rr_path());
foreach (['1', '0'] as $locking) {
    foreach ([true, false] as $delete) {
        echo "locking $locking, delete_old ", var_export($delete, true), "\n";
        $ini = ['rustredis.locking_enabled' => $locking];
        $user = 'dave-' . bin2hex(random_bytes(4));
        $old = us_login($user, $ini);
        $new = trim(lk_run('session_id(' . lk_q($old) . '); session_start(); session_regenerate_id('
            . var_export($delete, true) . '); echo session_id(), "\n";', $ini));
        var_dump($new !== $old, us_fingerprints($user) === us_of([$new]));
        var_dump(rr_cmd(['GET', lk_key($new, '_USER')]) === $user, rr_cmd(['EXISTS', lk_key($old, '_USER')]),
            rr_cmd(['EXISTS', lk_key($old)]));
        // The binding follows the new id: revoking reaches it.
        var_dump(RustRedis\destroy_user_sessions($user), rr_cmd(['EXISTS', lk_key($new)]));
    }
}
// Writing one bound session and then starting another in one request
// (not a regeneration): the second is not bound.
$user = 'erin-' . bin2hex(random_bytes(4));
$first = us_login($user);
$second = trim(lk_run('session_id(' . lk_q($first) . '); session_start(); $_SESSION["n"] = 1; session_write_close();'
    . ' session_id(""); session_start(); $_SESSION["n"] = 2; echo session_id(), "\n";'));
var_dump(us_fingerprints($user) === us_of([$first]), rr_cmd(['EXISTS', lk_key($second, '_USER')]));
?>
--EXPECT--
locking 1, delete_old true
bool(true)
bool(true)
bool(true)
int(0)
int(0)
int(1)
int(0)
locking 1, delete_old false
bool(true)
bool(true)
bool(true)
int(0)
int(1)
int(1)
int(0)
locking 0, delete_old true
bool(true)
bool(true)
bool(true)
int(0)
int(0)
int(1)
int(0)
locking 0, delete_old false
bool(true)
bool(true)
bool(true)
int(0)
int(1)
int(1)
int(0)
bool(true)
int(0)
