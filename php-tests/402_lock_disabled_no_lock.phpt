--TEST--
lock: rustredis.locking_enabled=0 takes no lock: no _LOCK key, no script, one read (the data's and its user binding's GET, pipelined) and one SET
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_REDIS_SERVER') || !getenv('RUSTREDIS_TEST_TMP')) die('skip needs RUSTREDIS_TEST_REDIS_SERVER and RUSTREDIS_TEST_TMP'); ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.locking_enabled=0
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
ob_start();
[$proc, $port, $s] = lk_own_server();
try {
    ini_set('session.save_path', "tcp://127.0.0.1:$port");
    $id = rr_id('nolock');
    rr_send($s, ['SET', lk_key($id), 'a|i:1;']);
    rr_send($s, ['CONFIG', 'RESETSTAT']);
    session_id($id);
    var_dump(session_start());
    var_dump(rr_send($s, ['EXISTS', lk_key($id, '_LOCK')]));
    $_SESSION['a'] = 2;
    session_write_close();
    var_dump(rr_send($s, ['EXISTS', lk_key($id, '_LOCK')]));
    $calls = lk_own_calls($s);
    unset($calls['exists']);
    var_dump($calls);
    var_dump(rr_send($s, ['GET', lk_key($id)]));
} finally {
    lk_own_stop($proc);
}
?>
--EXPECT--
bool(true)
int(0)
int(0)
array(2) {
  ["get"]=>
  int(2)
  ["set"]=>
  int(1)
}
string(6) "a|i:2;"
