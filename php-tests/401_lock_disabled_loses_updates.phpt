--TEST--
lock: with rustredis.locking_enabled=0 the same concurrent increments lose updates
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('noconc');
[$n, $other] = lk_increment($id, 8, 10, ['rustredis.locking_enabled' => '0']);
echo $other;
var_dump($n > 0, $n < 80);
if ($n >= 80) echo "no update lost: n = $n\n";
?>
--EXPECT--
bool(true)
bool(true)
