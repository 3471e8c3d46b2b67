--TEST--
hung Redis (SIGSTOP) on the first connection with read_timeout=0.3: timeout warning within a second
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
ini_set('session.save_path', "tcp://127.0.0.1:$port?read_timeout=0.3");
$p = start_redis($port);
proc_terminate($p, 19); // SIGSTOP: the kernel still accepts the connection
$t = microtime(true);
session_id(rr_id('hung'));
$ok = session_start();
$took = microtime(true) - $t;
stop_redis($p);
var_dump($ok, $took >= 0.25 && $took < 1.2);
echo "still running\n";
?>
--EXPECTF--
Warning: session_start(): Redis at tcp://127.0.0.1:%d timed out (connect) in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d?read_timeout=0.3) in %s on line %d
bool(false)
bool(true)
still running
