--TEST--
lock: a request whose lock expired does not write; the warning says whether another request holds the lock now
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
// 1. A's lock runs out (lock_max_hold: renewal stops) and X takes it; A
// writes while X still holds it.
$id = rr_id('lost');
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN);'
    . '$_SESSION["who"] = "A"; var_dump(session_write_close()); echo "DONE\n";',
    ['rustredis.lock_expire' => '1', 'rustredis.lock_max_hold' => '1']);
lk_expect($c, 'LOCKED');
session_id($id);
var_dump(session_start()); // waits out A's lock (1 s) within the default 2 s
lk_send($c);
echo lk_expect($c, 'DONE');
$_SESSION['who'] = 'X';
session_write_close();
echo lk_end($c);
var_dump(rr_cmd(['GET', lk_key($id)]), lk_locked($id));

// 2. A's lock runs out and nobody takes it: a different warning, still nothing written.
$id = rr_id('gone');
rr_cmd(['SET', lk_key($id), 'who|s:1:"0";']);
echo lk_run('session_id(' . lk_q($id) . '); session_start(); usleep(1300000);'
    . '$_SESSION["who"] = "A"; var_dump(session_write_close());',
    ['rustredis.lock_expire' => '1', 'rustredis.lock_max_hold' => '1']);
var_dump(rr_cmd(['GET', lk_key($id)]), lk_locked($id));
?>
--EXPECTF--
bool(true)

Warning: session_write_close(): session lock of #%x was lost (it expired and another request holds it now): data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
string(12) "who|s:1:"X";"
int(0)

Warning: session_write_close(): session lock of #%x expired before the write (held for rustredis.lock_max_hold, not renewable while Redis was unreachable, or taken over by another client): data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
string(12) "who|s:1:"0";"
int(0)
