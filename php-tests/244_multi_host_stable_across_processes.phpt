--TEST--
several hosts: the id to server mapping is the same in another process (and ignores host order)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
$path = rr_path('weight=1') . ', ' . rr_path('weight=1', 'B') . ', ' . rr_path('weight=1', 'C');
ini_set('session.save_path', $path);
$ids = [];
for ($i = 0; $i < 60; $i++) {
    $ids[] = $id = rr_id("stable$i");
    session_id($id);
    session_start();
    $_SESSION['i'] = $i;
    session_write_close();
}
$ini = ['session.save_handler' => 'rustredis', 'session.use_cookies' => '0', 'session.cache_limiter' => ''];
$reader = function (string $path) use ($ids, $ini): string {
    $code = '$ids = ' . var_export($ids, true) . ';'
        . 'ini_set("session.save_path", ' . var_export($path, true) . ');'
        . '$n = 0; foreach ($ids as $i => $id) { $_SESSION = []; session_id($id); session_start();'
        . ' $n += (int) (($_SESSION["i"] ?? null) === $i); session_write_close(); } echo $n;';
    return rr_php($code, $ini);
};
echo "same order: ", $reader($path), "\n";
$reversed = rr_path('weight=1', 'C') . ',' . rr_path('weight=1', 'B') . ',' . rr_path('weight=1');
echo "reversed order: ", $reader($reversed), "\n";
?>
--EXPECT--
same order: 60
reversed order: 60
