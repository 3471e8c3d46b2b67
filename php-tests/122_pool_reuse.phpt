--TEST--
the worker's connection is reused: 50 session cycles in one process open one connection
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_REDIS_SERVER') || !getenv('RUSTREDIS_TEST_TMP')) die('skip needs RUSTREDIS_TEST_REDIS_SERVER and RUSTREDIS_TEST_TMP');
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.lazy_write=1
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
// A redis-server of this test alone (commandstats and connection counts are
// server-wide, and other tests run in parallel), stopped by its pid.
function own_server(): array {
    $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    $port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
    fclose($probe);
    $null = ['file', '/dev/null', 'w'];
    $proc = proc_open([getenv('RUSTREDIS_TEST_REDIS_SERVER'), '--port', (string) $port,
        '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--dir', getenv('RUSTREDIS_TEST_TMP'), '--dbfilename', 'own-' . bin2hex(random_bytes(6)) . '.rdb'], [0 => ['file', '/dev/null', 'r'], 1 => $null, 2 => $null], $pipes);
    for ($i = 0; $i < 200; $i++) {
        $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1);
        if ($s && rr_send($s, ['PING']) === 'PONG') { stream_set_timeout($s, 10); return [$proc, $port, $s]; }
        usleep(25000);
    }
    proc_terminate($proc);
    throw new RuntimeException("own redis-server did not start on port $port");
}
function own_stop($proc): void { proc_terminate($proc); proc_close($proc); }
/** calls per command since the last CONFIG RESETSTAT, e.g. ['get' => 1]. */
function own_calls($s): array {
    preg_match_all('/^cmdstat_(\w+):calls=(\d+)/m', rr_send($s, ['INFO', 'commandstats']), $m);
    $calls = array_map('intval', array_combine($m[1], $m[2]));
    unset($calls['info'], $calls['config']);
    ksort($calls);
    return $calls;
}

[$proc, $port, $s] = own_server();
try {
    ini_set("session.save_path", "tcp://127.0.0.1:$port");
    $before = rr_send($s, ["INFO", "stats"]);
    preg_match("/total_connections_received:(\d+)/", $before, $m0);
    for ($i = 0; $i < 50; $i++) {
        session_id(rr_id("pool$i"));
        session_start();
        $_SESSION["i"] = $i;
        session_write_close();
    }
    // New ids, regenerate and destroy go through the same connection too.
    session_id("");
    session_start();
    session_regenerate_id(true);
    session_destroy();
    preg_match("/total_connections_received:(\d+)/", rr_send($s, ["INFO", "stats"]), $m1);
    var_dump((int) $m1[1] - (int) $m0[1]);
    preg_match("/connected_clients:(\d+)/", rr_send($s, ["INFO", "clients"]), $c);
    var_dump((int) $c[1]); // this test's connection and the pool's
    var_dump(rr_send($s, ["DBSIZE"]));
} finally {
    own_stop($proc);
}
?>
--EXPECT--
int(1)
int(2)
int(50)
