--TEST--
lock: 8 concurrent processes incrementing one session lose no update
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
$id = rr_id('conc');
[$n, $other] = lk_increment($id, 8, 10);
echo $other;
var_dump($n);
var_dump(lk_locked($id));
?>
--EXPECT--
int(80)
int(0)
