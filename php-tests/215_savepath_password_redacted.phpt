--TEST--
the password of a rejected save_path never appears in the warning
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
$pw = 'Sup3rS3cretPw';
$seen = [];
$started = [];
set_error_handler(function ($no, $msg) use (&$seen) { $seen[] = $msg; return true; });
foreach ([
    rr_path("auth=$pw&foo=1", 'AUTH'),
    rr_path("auth[]=alice&auth[]=$pw&weight=0", 'AUTH'),
    rr_path("auth[user]=alice&auth[pass]=$pw&timeout=x", 'AUTH'),
    'redis://alice:' . $pw . '@127.0.0.1:99999',
] as $path) {
    ini_set('session.save_path', $path);
    session_id(rr_id('pw'));
    $started[] = session_start();
}
restore_error_handler();
var_dump($started);
$seen = array_map(fn ($m) => preg_replace('/^session_start\(\): /', '', $m), $seen);
// PHP's own "Failed to initialize storage module" repeats the raw path; ours must not.
$ours = array_values(array_filter($seen, fn ($m) => !str_starts_with($m, 'Failed to initialize')));
var_dump(count($ours));
foreach ($ours as $msg) {
    var_dump(str_contains($msg, $pw));
}
echo implode("\n", $ours), "\n";
?>
--EXPECTF--
array(4) {
  [0]=>
  bool(false)
  [1]=>
  bool(false)
  [2]=>
  bool(false)
  [3]=>
  bool(false)
}
int(4)
bool(false)
bool(false)
bool(false)
bool(false)
invalid session.save_path entry "tcp://127.0.0.1:%d?auth=***&foo=1": unknown parameter "foo"
invalid session.save_path entry "tcp://127.0.0.1:%d?auth[]=***&auth[]=***&weight=0": invalid value for "weight"
invalid session.save_path entry "tcp://127.0.0.1:%d?auth[user]=***&auth[pass]=***&timeout=x": invalid value for "timeout"
invalid session.save_path entry "redis://alice:***@127.0.0.1:99999": invalid port
