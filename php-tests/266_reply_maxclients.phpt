--TEST--
Redis full (maxclients reached): one plain warning naming the server and maxclients; session_start() fails closed
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_REDIS_SERVER') || !getenv('RUSTREDIS_TEST_TMP')) die('skip needs RUSTREDIS_TEST_REDIS_SERVER and RUSTREDIS_TEST_TMP');
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
ob_start();
// maxclients 1: the test's own connection is the one client allowed.
[$proc, $port, $s] = lk_own_server(['--maxclients', '1']);
try {
    ini_set('session.save_path', "tcp://127.0.0.1:$port");
    session_id(rr_id('full'));
    var_dump(session_start(), session_status() === PHP_SESSION_ACTIVE);
} finally {
    lk_own_stop($proc);
}
echo ob_get_clean();
?>
--EXPECTF--
Warning: session_start(): Redis at tcp://127.0.0.1:%d refuses new connections: it has reached its maxclients limit ("max number of clients reached"); raise maxclients, or see the README on connections per PHP worker in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in %s on line %d
bool(false)
bool(false)
