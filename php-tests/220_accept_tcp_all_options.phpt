--TEST--
accepted: tcp:// with weight, timeout, read_timeout, persistent, prefix and database
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
ini_set('session.save_path', rr_path('weight=3&timeout=2.5&read_timeout=2&persistent=1&prefix=app%3A&database=3'));
$id = rr_id('ok');
var_dump(cycle($id, ['who' => 'alice']));
var_dump(rr_cmd(["EXISTS", "PHPREDIS_SESSION:$id"]), rr_cmd(["EXISTS", "app:$id"]));
rr_cmd(["SELECT", "3"]);
var_dump(rr_cmd(["GET", "app:$id"]), rr_cmd(["TTL", "app:$id"]));
rr_cmd(["SELECT", "0"]);
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
int(0)
int(0)
string(16) "who|s:5:"alice";"
int(600)
