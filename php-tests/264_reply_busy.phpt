--TEST--
error reply BUSY: Redis stuck in a slow script answers BUSY; one warning saying so and what ends it, session_start() false
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
[$proc, $port, $s] = lk_own_server(['--busy-reply-threshold', '50']);
// Another client runs a script that never ends (we do not wait for it).
$busy = stream_socket_client("tcp://127.0.0.1:$port");
fwrite($busy, "*3\r\n$4\r\nEVAL\r\n$17\r\nwhile true do end\r\n$1\r\n0\r\n");
usleep(200000);
$id = rr_id('busy');
echo lk_run('session_id(' . lk_q($id) . '); var_dump(session_start());', ['session.save_path' => "tcp://127.0.0.1:$port"]);
var_dump(rr_send($s, ["SCRIPT", "KILL"]));
stream_set_timeout($busy, 5);
var_dump(str_starts_with(fgets($busy), '-ERR Script killed'));
lk_own_stop($proc);
?>
--EXPECTF--
Warning: session_start(): Redis at tcp://127.0.0.1:%d: Redis is busy running a slow script (BUSY): it answers again when the script ends or is killed (SCRIPT KILL) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
string(2) "OK"
bool(true)
