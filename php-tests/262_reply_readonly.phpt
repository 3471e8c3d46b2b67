--TEST--
error reply READONLY: a save path that names a replica gets one warning saying so and what to do; session_start() false
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
[$proc, $port, $s] = lk_own_server();
// A replica (of the main test server): replica-read-only by default.
rr_send($s, ['REPLICAOF', rr_host(), (string) rr_port()]);
$id = rr_id('readonly');
echo lk_run('session_id(' . lk_q($id) . '); var_dump(session_start());', ['session.save_path' => "tcp://127.0.0.1:$port"]);
lk_own_stop($proc);
?>
--EXPECTF--
Warning: session_start(): Redis at tcp://127.0.0.1:%d: the server is a read-only replica: it refuses writes, the session lock included (point session.save_path at the master, or use sentinel://) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
