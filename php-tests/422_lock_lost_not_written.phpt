--TEST--
lock: a request whose lock expired and was taken by another does not overwrite that one's data
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
$id = rr_id('lost');
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; usleep(1500000);'
    . '$_SESSION["who"] = "A"; var_dump(session_write_close()); echo "DONE\n";',
    ['rustredis.lock_expire' => '1']);
lk_expect($c, 'LOCKED');
session_id($id);
var_dump(session_start()); // waits out A's lock (1 s) within the default 2 s
$_SESSION['who'] = 'X';
session_write_close();
echo lk_end($c);
var_dump(rr_cmd(['GET', lk_key($id)]), lk_locked($id));
?>
--EXPECTF--
bool(true)

Warning: session_write_close(): session lock of "%s" was lost (it expired and another request took it): data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
DONE
string(12) "who|s:1:"X";"
int(0)
