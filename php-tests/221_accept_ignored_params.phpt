--TEST--
accepted: persistent_id and retry_interval are ignored
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=600
--FILE--
<?php
require __DIR__ . '/config.inc';
function cycle(string $id, array $data): array {
    session_id($id);
    $r = [session_start()];
    foreach ($data as $k => $v) { $_SESSION[$k] = $v; }
    $r[] = session_write_close();
    $_SESSION = [];
    session_id($id);
    $r[] = session_start();
    $r[] = $_SESSION;
    session_write_close();
    return $r;
}
ini_set('session.save_path', rr_path('persistent_id=abc&retry_interval=100'));
$id = rr_id('ok');
var_dump(cycle($id, ['who' => 'alice']));
var_dump(rr_cmd(["GET", "PHPREDIS_SESSION:$id"]));
?>
--EXPECT--
array(4) {
  [0]=>
  bool(true)
  [1]=>
  bool(true)
  [2]=>
  bool(true)
  [3]=>
  array(1) {
    ["who"]=>
    string(5) "alice"
  }
}
string(16) "who|s:5:"alice";"
