--TEST--
pools: rustredis.max_pools closes the least recently used pool (no error), rustredis.pool_idle_timeout closes a pool no request used
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_REDIS_SERVER') || !getenv('RUSTREDIS_TEST_TMP')) die('skip needs RUSTREDIS_TEST_REDIS_SERVER and RUSTREDIS_TEST_TMP');
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.max_pools=2
--FILE--
<?php
require __DIR__ . '/lock.inc';
ob_start();
function clients($s): int {
    // The server counts a closed connection gone once it reads the EOF.
    usleep(50000);
    preg_match('/connected_clients:(\d+)/', rr_send($s, ['INFO', 'clients']), $m);
    return (int) $m[1] - 1;
}
function use_server(int $port): bool {
    ini_set('session.save_path', "tcp://127.0.0.1:$port");
    session_id(rr_id('cap'));
    $ok = session_start();
    $_SESSION['n'] = 1;
    return $ok && session_write_close();
}
$servers = [lk_own_server(), lk_own_server(), lk_own_server()];
try {
    [[, $a, $sa], [, $b, $sb], [, $c, $sc]] = $servers;
    var_dump(use_server($a), use_server($b));
    echo 'a, b: ', clients($sa), ' ', clients($sb), ' ', clients($sc), "\n";
    // A third server with max_pools=2: the least recently used (a) is closed.
    var_dump(use_server($c));
    echo 'after c: ', clients($sa), ' ', clients($sb), ' ', clients($sc), "\n";
    // a again: works, and b (now the oldest) goes.
    var_dump(use_server($a));
    echo 'after a: ', clients($sa), ' ', clients($sb), ' ', clients($sc), "\n";
    // Idle timeout 1 s: pools not used for 1 s are closed at the next request.
    ini_set('rustredis.pool_idle_timeout', '1');
    usleep(1100000);
    var_dump(use_server($c));
    echo 'after 1.1 s idle: ', clients($sa), ' ', clients($sb), ' ', clients($sc), "\n";
} finally {
    foreach ($servers as [$p]) { lk_own_stop($p); }
}
echo ob_get_clean();
?>
--EXPECT--
bool(true)
bool(true)
a, b: 1 1 0
bool(true)
after c: 0 1 1
bool(true)
after a: 1 0 1
bool(true)
after 1.1 s idle: 0 0 1
