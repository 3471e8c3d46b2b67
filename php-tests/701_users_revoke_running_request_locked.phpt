--TEST--
users: destroy_user_sessions() from one session revokes the user's two others (data and lock deleted); a request of a revoked session still running cannot write it back (warned), and a request of the caller's own session goes on
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
$user = 'bob-' . bin2hex(random_bytes(4));
[$a, $b, $c] = [us_login($user), us_login($user), us_login($user)];
// A request of session $b is running: it read the session and holds its lock.
$running = lk_spawn('session_id(' . lk_q($b) . '); session_start(); echo "READ ", $_SESSION["data"], "\n";'
    . ' fgets(STDIN); $_SESSION["data"] = "written back"; var_dump(session_write_close()); echo "DONE\n";');
echo lk_expect($running, 'READ x');
var_dump(lk_locked($b));
// Log out the other devices, from session $a.
session_id($a);
session_start();
var_dump(RustRedis\destroy_user_sessions($user));
var_dump(rr_cmd(['EXISTS', lk_key($b), lk_key($c), lk_key($b, '_LOCK')]));
var_dump(us_fingerprints($user) === us_of([$a]), RustRedis\user_session_count($user));
// The revoked request ends: refused, nothing written back.
lk_send($running);
echo lk_expect($running, 'DONE');
lk_end($running);
var_dump(rr_cmd(['EXISTS', lk_key($b)]));
// The caller's own session is kept and written.
$_SESSION['data'] = 'mine';
var_dump(session_write_close(), rr_cmd(['GET', lk_key($a)]));
// A new request with a revoked id starts empty (logged out) and is not bound.
echo lk_run('session_id(' . lk_q($c) . '); session_start(); var_dump($_SESSION); $_SESSION["n"] = 1;');
var_dump(us_fingerprints($user) === us_of([$a]));
$stats = RustRedis\stats();
var_dump($stats['sessions_revoked'] >= 2, $stats['users_bound'] >= 0);
?>
--EXPECTF--
int(1)
int(2)
int(0)
bool(true)
int(1)

Warning: session_write_close(): session #%x was revoked (log out everywhere: RustRedis\destroy_user_sessions) while this request ran: data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
int(0)
bool(true)
string(16) "data|s:4:"mine";"
array(0) {
}
bool(true)
bool(true)
bool(true)
