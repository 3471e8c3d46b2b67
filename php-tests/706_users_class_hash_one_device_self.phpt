--TEST--
users: the class's methods on its own save path (activeUsers() counts the users with a session); rustredis.user_index_hash=1 keys users by SHA-256; destroy_user_session() revokes one device by fingerprint; keepCurrent=false revokes the caller's own session too, which is then not written back, silently; the counters
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/users.inc';
ob_start();
$before = RustRedis\stats();
$h = new RustRedis\SessionHandler(rr_path(), ['prefix' => 'users706:']);
session_set_save_handler($h, true);
$user = 'hank-' . bin2hex(random_bytes(4));
$ids = [];
for ($i = 0; $i < 3; $i++) {
    session_id('');
    session_start();
    $h->bindUser($user);
    $_SESSION['i'] = $i;
    $ids[] = session_id();
    session_write_close();
}
var_dump($h->userSessionCount($user), rr_cmd(['ZCARD', "users706:user:$user"]));
// How many people are logged in: the users of <prefix>user:.
var_dump($h->activeUsers(), rr_cmd(['ZRANGE', 'users706:user:', 0, -1]) === [$user]);
// One device, by the fingerprint the list shows.
var_dump($h->destroyUserSession($user, RustRedis\fingerprint($ids[1])), $h->destroyUserSession($user, '#000000000000'));
$fps = array_column($h->userSessions($user), 'id');
sort($fps);
var_dump($fps === us_of([$ids[0], $ids[2]]), rr_cmd(['EXISTS', "users706:{$ids[1]}"]));
// Everything, this session included: its own write is skipped silently.
session_id($ids[0]);
session_start();
$_SESSION['i'] = 'after';
var_dump($h->destroyUserSessions($user, false));
var_dump(session_write_close(), rr_cmd(['EXISTS', "users706:{$ids[0]}", "users706:{$ids[2]}"]), $h->userSessionCount($user));
var_dump($h->activeUsers());
try { $h->bindUser(''); } catch (InvalidArgumentException $e) { echo $e->getMessage(), "\n"; }
// Hashed user keys.
ini_set('rustredis.user_index_hash', '1');
ini_set('session.save_handler', 'rustredis');
ini_set('session.save_path', rr_path());
$id = us_login($user, ['rustredis.user_index_hash' => '1']);
var_dump(rr_cmd(['GET', lk_key($id, '_USER')]) === hash('sha256', $user),
    rr_cmd(['ZCARD', 'PHPREDIS_SESSION:user:' . hash('sha256', $user)]), rr_cmd(['EXISTS', "PHPREDIS_SESSION:user:$user"]));
var_dump(us_fingerprints($user) === us_of([$id]), RustRedis\destroy_user_sessions($user));
$after = RustRedis\stats();
var_dump($after['users_bound'] - $before['users_bound'], $after['sessions_revoked'] - $before['sessions_revoked']);
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
preg_match('/User index counters => bound (\d+), revoked (\d+), revoked writes refused (\d+)/', $info, $m);
var_dump((int) $m[1] === $after['users_bound'], (int) $m[2] === $after['sessions_revoked']);
var_dump(str_contains($info, 'users stored as their SHA-256 (rustredis.user_index_hash=1)'));
?>
--EXPECT--
int(3)
int(3)
int(1)
bool(true)
bool(true)
bool(false)
bool(true)
int(0)
int(2)
bool(true)
int(0)
int(0)
int(0)
the user identifier must not be empty
bool(true)
int(1)
int(0)
bool(true)
int(1)
int(3)
int(4)
bool(true)
bool(true)
bool(true)
