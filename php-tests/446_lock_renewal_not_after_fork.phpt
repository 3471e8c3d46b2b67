--TEST--
renewal stops after fork: when the holding parent is killed, its forked child (still running) never renews the parent's lock, which frees within lock_expire + 1 s
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; if (!function_exists('pcntl_fork')) die('skip pcntl'); ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$id = rr_id('fork');
$ini = ['rustredis.lock_expire' => '1'];
// The parent takes the lock and forks; the parent dies at once, the child
// lives on for 4 s (then dies without a request end either).
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); $pid = pcntl_fork();'
    . ' if ($pid === 0) { echo "CHILD ", getmypid(), "\n"; sleep(4); exec("kill -9 " . getmypid()); }'
    . ' usleep(100000); echo "PARENT DIES\n"; exec("kill -9 " . getmypid());', $ini);
$seen = lk_expect($c, 'PARENT DIES');
preg_match('/CHILD (\d+)/', $seen, $m);
$t = microtime(true);
while (lk_locked($id) && microtime(true) - $t < 5) { usleep(20000); }
$free = microtime(true) - $t;
echo 'child alive while the lock freed: ', var_export(isset($m[1]) && file_exists('/proc/' . $m[1]), true), "\n";
echo 'freed within lock_expire + 1 s: ', var_export($free < 2.0, true), "\n";
if (isset($m[1])) { exec('kill -9 ' . (int) $m[1]); }
lk_end($c);
?>
--EXPECT--
child alive while the lock freed: true
freed within lock_expire + 1 s: true
