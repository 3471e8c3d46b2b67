--TEST--
users: on a save path of several servers each keeps the index of its own sessions of a user; listing, counting and revoking cover all of them
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
$path = rr_path() . ',' . rr_path('', 'B') . ',' . rr_path('', 'C');
ini_set('session.save_path', $path);
$user = 'ivy-' . bin2hex(random_bytes(4));
$ids = [];
$child = ['session.save_path' => $path];
for ($i = 0; $i < 12; $i++) { $ids[] = trim(lk_run('session_start(); RustRedis\bind_user(' . lk_q($user) . ');'
    . ' $_SESSION["i"] = 1; echo session_id(), "\n";', $child)); }
$on = [];
foreach (['', 'B', 'C'] as $which) { $on[] = rr_cmd(['ZCARD', "PHPREDIS_SESSION:user:$user"], $which); }
var_dump(array_sum($on), count(array_filter($on)) >= 2);
var_dump(RustRedis\user_session_count($user), us_fingerprints($user) === us_of($ids));
var_dump(RustRedis\destroy_user_sessions($user), RustRedis\user_session_count($user), RustRedis\user_sessions($user));
?>
--EXPECT--
int(12)
bool(true)
int(12)
bool(true)
int(12)
int(0)
array(0) {
}
