--TEST--
error reply OOM (maxmemory, noeviction): plain words at start and at write; a refused write leaves the stored session as it was, no staging key and no lock
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
[$proc, $port, $s] = lk_own_server(['--maxmemory-policy', 'noeviction']);
$path = ['session.save_path' => "tcp://127.0.0.1:$port"];
$id = rr_id('oom');
rr_send($s, ['SET', lk_key($id), 'n|i:1;']);
// Out of memory while the lock is held: the write is refused.
$c = lk_spawn('session_id(' . lk_q($id) . '); var_dump(session_start()); echo "LOCKED\n"; fgets(STDIN);'
    . ' $_SESSION["n"] = 2; session_write_close();', $path);
lk_expect($c, 'LOCKED');
rr_send($s, ['CONFIG', 'SET', 'maxmemory', '1']);
lk_send($c);
echo lk_end($c);
var_dump(rr_send($s, ['GET', lk_key($id)]), rr_send($s, ['KEYS', '*_LOCK*']));
// Out of memory from the start: even the lock is refused.
echo lk_run('session_id(' . lk_q($id) . '); var_dump(session_start());', $path);
rr_send($s, ['CONFIG', 'SET', 'maxmemory', '0']);
var_dump(rr_send($s, ['GET', lk_key($id)]), rr_send($s, ['KEYS', '*_LOCK*']));
lk_own_stop($proc);
?>
--EXPECTF--
Warning: session_write_close(): Redis at tcp://127.0.0.1:%d: Redis is out of memory (maxmemory reached and maxmemory-policy evicts nothing): it refuses writes, the session lock included in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://127.0.0.1:%d) in Command line code on line 1
string(6) "n|i:1;"
array(0) {
}

Warning: session_start(): Redis at tcp://127.0.0.1:%d: Redis is out of memory (maxmemory reached and maxmemory-policy evicts nothing): it refuses writes, the session lock included in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
string(6) "n|i:1;"
array(0) {
}
