--TEST--
error reply NOPERM: an ACL user without scripting, without BLPOP, or without the session keys: what it lacks and what to grant; no staged copy or lock left; without BLPOP a waiter polls instead
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
[$proc, $port, $s] = lk_own_server();
rr_send($s, ['ACL', 'SETUSER', 'noscript', 'on', '>pw', '~*', '&*', '+@all', '-@scripting']);
rr_send($s, ['ACL', 'SETUSER', 'noblpop', 'on', '>pw', '~*', '&*', '+@all', '-blpop']);
rr_send($s, ['ACL', 'SETUSER', 'otherkeys', 'on', '>pw', '~other:*', '&*', '+@all']);
$start = fn (string $id, string $before = '') => 'ini_set("session.save_path", ' . lk_q("tcp://127.0.0.1:$port?auth[]=") . ' . $argv[1] . "&auth[]=pw");'
    . $before . ' session_id(' . lk_q($id) . '); var_dump(session_start());';

echo "-- no scripting: the lock is taken (SET NX), the write needs a script\n";
$id = rr_id('noperm');
rr_send($s, ['SET', lk_key($id), 'n|i:1;']);
echo lk_run('$argv[1] = "noscript"; ' . $start($id) . ' $_SESSION["n"] = 2; session_write_close();');
var_dump(rr_send($s, ['GET', lk_key($id)]), rr_send($s, ['KEYS', '*_LOCK*']));

echo "-- no BLPOP: a waiter polls and gets the lock when the holder releases\n";
$id = rr_id('noblpop');
$holder = lk_spawn('$argv[1] = "noblpop"; ' . $start($id) . ' echo "LOCKED\n"; fgets(STDIN); $_SESSION["by"] = "holder"; session_write_close();');
lk_expect($holder, 'LOCKED');
$waiter = lk_spawn('$argv[1] = "noblpop"; ' . $start($id, ' echo "WAITING\n";') . ' var_dump($_SESSION);');
lk_expect($waiter, 'WAITING');
usleep(100000);
lk_send($holder);
echo lk_end($holder), lk_end($waiter);

echo "-- keys outside the ACL's pattern\n";
$id = rr_id('nokeys');
echo lk_run('$argv[1] = "otherkeys"; ' . $start($id));
var_dump(rr_send($s, ['KEYS', "*$id*"]));
lk_own_stop($proc);
?>
--EXPECTF--
-- no scripting: the lock is taken (SET NX), the write needs a script
bool(true)

Warning: session_write_close(): Redis at tcp://127.0.0.1:%d: the ACL user may not run EVALSHA: grant it +evalsha +script (or +@scripting); rustredis.locking_enabled=0 avoids scripts in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://127.0.0.1:%d?auth[]=noscript&auth[]=pw) in Command line code on line 1
string(6) "n|i:1;"
array(0) {
}
-- no BLPOP: a waiter polls and gets the lock when the holder releases
bool(true)
array(1) {
  ["by"]=>
  string(6) "holder"
}
-- keys outside the ACL's pattern

Warning: session_start(): Redis at tcp://127.0.0.1:%d: the ACL user may not access key "PHPREDIS_SESSION:#%x": grant it a key pattern that covers the session prefix (e.g. ~PHPREDIS_SESSION:*) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d?auth[]=otherkeys&auth[]=pw) in Command line code on line 1
bool(false)
array(0) {
}
