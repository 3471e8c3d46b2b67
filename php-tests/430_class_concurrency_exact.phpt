--TEST--
class: RustRedis\SessionHandler locks too: 4 concurrent processes lose no update
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
$id = rr_id('classconc');
$prelude = 'session_set_save_handler(new RustRedis\SessionHandler(' . lk_q(rr_path()) . '), true);';
[$n, $other] = lk_increment($id, 4, 15, ['session.save_handler' => 'files'], $prelude);
echo $other;
var_dump($n, lk_locked($id));
?>
--EXPECT--
int(60)
int(0)
