--TEST--
lock: a locked request that modifies its session sends SET NX + GET (pipelined: one round trip) and SET staging + EVALSHA commit+release (pipelined: one round trip)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_REDIS_SERVER') || !getenv('RUSTREDIS_TEST_TMP')) die('skip needs RUSTREDIS_TEST_REDIS_SERVER and RUSTREDIS_TEST_TMP'); ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.lazy_write=1
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
ob_start();
[$proc, $port, $s] = lk_own_server();
try {
    ini_set('session.save_path', "tcp://127.0.0.1:$port");
    $id = rr_id('rt');
    rr_send($s, ['SET', lk_key($id), 'a|i:1;']);
    session_id($id);
    // warm-up: the scripts get loaded on this server
    session_start(); $_SESSION['a'] = 2; session_write_close();
    session_start(); session_write_close();
    session_id('');
    $mon = lk_monitor_start($port);
    session_id($id);
    var_dump(session_start());
    $_SESSION["a"] = 3;
    session_write_close();
    var_dump(lk_monitor_calls($mon, $s));
    var_dump(rr_send($s, ['EXISTS', lk_key($id, '_LOCK')]), rr_send($s, ['GET', lk_key($id)]));
} finally {
    lk_own_stop($proc);
}
?>
--EXPECT--
bool(true)
array(3) {
  ["evalsha"]=>
  int(1)
  ["get"]=>
  int(1)
  ["set"]=>
  int(2)
}
int(0)
string(6) "a|i:3;"
