--TEST--
Redis restarted between two session cycles of one process: the next cycle works without a warning
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
function free_port(): int {
    $s = stream_socket_server("tcp://127.0.0.1:0");
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ":"), 1);
    fclose($s);
    return $port;
}
function start_redis(int $port) {
    $cmd = [getenv("RUSTREDIS_TEST_REDIS_SERVER") ?: "redis-server", "--port", (string) $port,
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--dir", getenv("RUSTREDIS_TEST_TMP") ?: sys_get_temp_dir()];
    $p = proc_open($cmd, [0 => ["file", "/dev/null", "r"], 1 => ["file", "/dev/null", "w"], 2 => ["file", "/dev/null", "w"]], $pipes);
    for ($i = 0; $i < 100; $i++) {
        $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 0.2);
        if ($s) {
            fwrite($s, "PING\r\n");
            $pong = fgets($s);
            fclose($s);
            if ($pong === "+PONG\r\n") return $p;
        }
        usleep(50000);
    }
    throw new RuntimeException("redis-server did not start on $port");
}
function stop_redis($p): void {
    proc_terminate($p, 18); // SIGCONT, in case it was stopped
    proc_terminate($p, 15);
    proc_close($p);
}
$port = free_port();
ini_set('session.save_path', "tcp://127.0.0.1:$port");
$r = [];
$p = start_redis($port);
$id = rr_id('restart');
session_id($id);
$r[] = session_start();
$_SESSION['n'] = 1;
$r[] = session_write_close();
$_SESSION = [];
session_id($id);
$r[] = session_start();
$r[] = $_SESSION;
session_write_close();
stop_redis($p);
$p = start_redis($port);
// The pooled connection is dead; the data is gone with the old server.
$_SESSION = [];
session_id($id);
$r[] = session_start();
$r[] = $_SESSION;
$_SESSION['n'] = 2;
$r[] = session_write_close();
$_SESSION = [];
session_id($id);
$r[] = session_start();
$r[] = $_SESSION;
session_write_close();
stop_redis($p);
echo json_encode($r), "\n";
?>
--EXPECT--
[true,true,true,{"n":1},true,[],true,true,{"n":2}]
