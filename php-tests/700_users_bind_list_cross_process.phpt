--TEST--
users: sessions bound with bind_user() in other processes are listed (fingerprints, last activity, expiry, the caller's own marked) and counted from another; nothing is indexed without bind_user()
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=600
--FILE--
<?php
require __DIR__ . '/users.inc';
ob_start();
ini_set('session.save_path', rr_path());
$user = 'alice-' . bin2hex(random_bytes(4));
$ini = ['session.gc_maxlifetime' => '600'];
$a = us_login($user, $ini);
$b = us_login($user, $ini);
// A session of nobody: not indexed.
$other = trim(lk_run('session_start(); $_SESSION["x"] = 1; echo session_id(), "\n";'));
var_dump(RustRedis\user_session_count($user));
var_dump(us_fingerprints($user) === us_of([$a, $b]));
// The index and the bindings, as documented.
var_dump(rr_cmd(['ZCARD', "PHPREDIS_SESSION:user:$user"]), rr_cmd(['GET', lk_key($a, '_USER')]) === $user,
    rr_cmd(['EXISTS', lk_key($other, '_USER')]));
// From a third request that is session $a: its own entry is marked.
session_id($a);
session_start();
$now = time();
$rows = RustRedis\user_sessions($user);
foreach ($rows as $row) {
    var_dump(array_keys($row));
    var_dump($row['current'] === ($row['id'] === RustRedis\fingerprint($a)));
    var_dump(abs($row['last_activity'] - $now) <= 5, abs($row['expires'] - ($now + 600)) <= 5);
}
var_dump(RustRedis\user_sessions('nobody-' . bin2hex(random_bytes(4))), RustRedis\user_session_count('nobody'));
// Bad identifiers are the caller's bug: an exception.
foreach (['', str_repeat('u', 513)] as $bad) {
    try { RustRedis\bind_user($bad); } catch (InvalidArgumentException $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
}
try { RustRedis\user_sessions(''); } catch (InvalidArgumentException $e) { echo $e->getMessage(), "\n"; }
session_write_close();
?>
--EXPECT--
int(2)
bool(true)
int(2)
bool(true)
int(0)
array(4) {
  [0]=>
  string(2) "id"
  [1]=>
  string(13) "last_activity"
  [2]=>
  string(7) "expires"
  [3]=>
  string(7) "current"
}
bool(true)
bool(true)
bool(true)
array(4) {
  [0]=>
  string(2) "id"
  [1]=>
  string(13) "last_activity"
  [2]=>
  string(7) "expires"
  [3]=>
  string(7) "current"
}
bool(true)
bool(true)
bool(true)
array(0) {
}
int(0)
InvalidArgumentException: the user identifier must not be empty
InvalidArgumentException: the user identifier is 513 bytes long; at most 512 are allowed
the user identifier must not be empty
