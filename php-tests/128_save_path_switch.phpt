--TEST--
changing session.save_path between sessions of one process sends each session to its own server
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
require_once __DIR__ . '/config.inc';
foreach (['B', 'C'] as $w) if (!getenv("RUSTREDIS_TEST_PORT_$w")) die("skip no test server $w");
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
$id = rr_id('switch');
$key = "PHPREDIS_SESSION:$id";
foreach (['B', 'C', 'B'] as $i => $w) {
    ini_set('session.save_path', rr_path('', $w));
    session_id($id);
    session_start();
    echo "$w read: ", json_encode($_SESSION), "\n";
    $_SESSION[$w] = $i;
    session_write_close();
}
var_dump(rr_cmd(['GET', $key], 'B'), rr_cmd(['GET', $key], 'C'), rr_cmd(['EXISTS', $key]));
?>
--EXPECT--
B read: []
C read: []
B read: {"B":0}
string(6) "B|i:2;"
string(6) "C|i:1;"
int(0)
