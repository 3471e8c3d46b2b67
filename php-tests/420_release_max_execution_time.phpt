--TEST--
lock: released when max_execution_time is exceeded (the lock itself lives 10 s, rustredis.lock_expire)
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
set_time_limit(1); $t = microtime(true); while (true) { if (microtime(true) - $t > 20) { echo "time limit did not fire\n"; break; } }
CODE);
lk_expect($c, 'LOCKED');
var_dump(lk_locked($id), rr_cmd(['PTTL', lk_key($id, '_LOCK')]) > 9000);
lk_send($c);
$out = lk_end($c);
// PHP 8.5 follows the fatal error with a stack trace (fatal_error_backtraces
// is on by default); the time limit fires in microtime() or in the loop.
$trace = '/\nStack trace:\n(#0 Command line code\(1\): microtime\(true\)\n#1 \{main\}|#0 \{main\})\n/';
$out = preg_replace($trace, "\n", $out, -1, $traces);
var_dump($traces === (PHP_VERSION_ID >= 80500 ? 1 : 0));
echo $out;
var_dump(lk_locked($id));
var_dump(rr_cmd(['GET', lk_key($id)]));
?>
--EXPECTF--
int(1)
bool(true)
bool(true)

Fatal error: Maximum execution time of 1 second exceeded in Command line code on line 1
int(0)
%r(NULL|string\(6\) "x\|i:1;")%r
