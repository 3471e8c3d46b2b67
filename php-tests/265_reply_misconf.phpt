--TEST--
error reply MISCONF: Redis that failed to save its snapshot refuses writes; one warning saying so and where to look, session_start() false
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
// Its directory cannot hold a file: BGSAVE fails, and with
// stop-writes-on-bgsave-error (the default, with save points) writes are refused.
[$proc, $port, $s] = lk_own_server(['--dir', '/proc', '--save', '3600 1']);
rr_send($s, ['BGSAVE']);
for ($i = 0; $i < 100 && !str_contains(rr_send($s, ['INFO', 'persistence']), 'rdb_last_bgsave_status:err'); $i++) usleep(50000);
$id = rr_id('misconf');
echo lk_run('session_id(' . lk_q($id) . '); var_dump(session_start());', ['session.save_path' => "tcp://127.0.0.1:$port"]);
// A server with save points saves on SIGTERM, fails again, and stays up.
rr_send($s, ['CONFIG', 'SET', 'save', '']);
lk_own_stop($proc);
?>
--EXPECTF--
Warning: session_start(): Redis at tcp://127.0.0.1:%d: Redis refuses writes because it could not save its RDB snapshot (MISCONF, stop-writes-on-bgsave-error): see the Redis log in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
