--TEST--
pools: 300 save paths differing only in prefix= share one connection, the class with 100 prefix options too; sessions of different prefixes stay apart; two servers give two connections
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
// Connections to a server of this test alone (other tests run in parallel).
function clients($s): int {
    preg_match('/connected_clients:(\d+)/', rr_send($s, ['INFO', 'clients']), $m);
    return (int) $m[1] - 1; // minus the test's own connection
}
[$p1, $port1, $s1] = lk_own_server();
[$p2, $port2, $s2] = lk_own_server();
try {
    $id = rr_id('tenant');
    for ($t = 0; $t < 300; $t++) {
        ini_set('session.save_path', "tcp://127.0.0.1:$port1?prefix=tenant$t:");
        session_id($id);
        session_start();
        $_SESSION['tenant'] = $t;
        session_write_close();
    }
    echo '300 prefixes: ', clients($s1), " connection\n";
    // Same id, 300 keys: each tenant reads back its own.
    $keys = rr_send($s1, ['KEYS', "tenant*:$id"]);
    echo count($keys), " keys\n";
    ini_set('session.save_path', "tcp://127.0.0.1:$port1?prefix=tenant123:");
    session_id($id);
    session_start(['read_and_close' => true]);
    var_dump($_SESSION['tenant']);
    // The class, 100 prefixes, on the same server: still the one connection.
    for ($t = 0; $t < 100; $t++) {
        $h = new RustRedis\SessionHandler("tcp://127.0.0.1:$port1", ['prefix' => "class$t:"]);
        var_dump($h->write($id, "t|i:$t;") || print("write $t failed\n"));
    }
    echo '100 class prefixes: ', clients($s1), " connection\n";
    echo rr_send($s1, ['GET', "class42:$id"]), "\n";
    // A second server: its own connection; the first keeps one.
    ini_set('session.save_path', "tcp://127.0.0.1:$port2?prefix=x:");
    session_id($id);
    session_start();
    $_SESSION['x'] = 1;
    session_write_close();
    echo 'second server: ', clients($s1), ' + ', clients($s2), " connections\n";
    // phpinfo: one pool per server, not per save path.
    ob_start();
    phpinfo(INFO_MODULES);
    echo preg_match_all('/^Pool \d+ => /m', ob_get_clean()), " pools in phpinfo\n";
} finally {
    lk_own_stop($p1);
    lk_own_stop($p2);
}
echo preg_replace('/(bool\(true\)\n)+/', "bool(true) x100\n", ob_get_clean());
?>
--EXPECT--
300 prefixes: 1 connection
300 keys
int(123)
bool(true) x100
100 class prefixes: 1 connection
t|i:42;
second server: 1 + 1 connections
2 pools in phpinfo
