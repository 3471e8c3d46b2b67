--TEST--
several hosts: 60 session ids spread over three servers, each id on exactly one
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', rr_path('weight=1') . ', ' . rr_path('weight=1', 'B') . ', ' . rr_path('weight=1', 'C'));
$ids = [];
$ok = 0;
for ($i = 0; $i < 60; $i++) {
    $id = rr_id("spread$i");
    $ids[] = $id;
    session_id($id);
    $ok += (int) session_start();
    $_SESSION['i'] = $i;
    session_write_close();
}
$per = ['' => 0, 'B' => 0, 'C' => 0];
$onExactlyOne = 0;
foreach ($ids as $i => $id) {
    $where = [];
    foreach (array_keys($per) as $w) {
        if (rr_cmd(['GET', "PHPREDIS_SESSION:$id"], $w) === "i|i:$i;") { $where[] = $w; $per[$w]++; }
    }
    $onExactlyOne += (int) (count($where) === 1);
}
var_dump($ok, $onExactlyOne, array_sum($per));
foreach ($per as $w => $n) { echo "server '$w' has at least 5: ", var_export($n >= 5, true), "\n"; }
// Reading back in the same process finds every session.
$back = 0;
foreach ($ids as $i => $id) {
    $_SESSION = [];
    session_id($id);
    session_start();
    $back += (int) (($_SESSION['i'] ?? null) === $i);
    session_write_close();
}
var_dump($back);
?>
--EXPECT--
int(60)
int(60)
int(60)
server '' has at least 5: true
server 'B' has at least 5: true
server 'C' has at least 5: true
int(60)
