--TEST--
users: sessions that expire or are destroyed drop out of their user's list and count; the index and bindings expire too, so nothing grows without bound
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
$user = 'frank-' . bin2hex(random_bytes(4));
// Two short-lived sessions (2 s), one long-lived.
$short = ['session.gc_maxlifetime' => '2'];
[$s1, $s2] = [us_login($user, $short), us_login($user, $short)];
$long = us_login($user);
var_dump(RustRedis\user_session_count($user));
// The binding and the index entry outlive the session by a quarter lifetime.
$pttl = rr_cmd(['PTTL', lk_key($s1, '_USER')]);
var_dump($pttl > 2000 && $pttl <= 2500);
// session_destroy() of the long one takes it out at once.
echo lk_run('session_id(' . lk_q($long) . '); session_start(); var_dump(session_destroy());');
var_dump(rr_cmd(['EXISTS', lk_key($long, '_USER')]), us_fingerprints($user) === us_of([$s1, $s2]));
usleep(2700000);
var_dump(RustRedis\user_sessions($user), RustRedis\user_session_count($user));
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:user:$user", lk_key($s1, '_USER'), lk_key($s2, '_USER')]));
?>
--EXPECT--
int(3)
bool(true)
bool(true)
int(0)
bool(true)
array(0) {
}
int(0)
int(0)
