--TEST--
lock: released at the normal end of the script
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_wait_time=20000
rustredis.lock_retries=5

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('rel');
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); $_SESSION["x"] = 1; echo "LOCKED\n"; fgets(STDIN); ' . <<<'CODE'
echo "end\n";
CODE);
lk_expect($c, 'LOCKED');
var_dump(lk_locked($id), rr_cmd(['PTTL', lk_key($id, '_LOCK')]) > 9000);
lk_send($c);
echo lk_end($c);
var_dump(lk_locked($id));
var_dump(rr_cmd(['GET', lk_key($id)]));
?>
--EXPECTF--
int(1)
bool(true)
end
int(0)
string(6) "x|i:1;"
