--TEST--
phpinfo() shows the lock counters (this process, in the CLI), a row per server with its eviction policy, and the rustredis.* settings
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.lock_expire=9
rustredis.lock_wait_time=30000
rustredis.lock_retries=7
--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
function section(): string {
    ob_start();
    phpinfo(INFO_MODULES);
    $info = ob_get_clean();
    $start = strpos($info, "\nrustredis\n");
    $end = strpos($info, "\n\n", strpos($info, 'Directive =>', $start));
    return substr($info, $start, ($end === false ? strlen($info) : $end) - $start);
}
$info = section();
var_dump(preg_match('/^Counted for => this process only /m', $info));
var_dump(preg_match('/^Locks => taken 0, waited 0 \(0\.000 ms in all\), timed out 0, lost 0, read-only starts 0, refused \(too many waiters\) 0, renewed 0$/m', $info));
$id = rr_id('info');
session_id($id);
session_start();
$_SESSION['x'] = 1;                // written on every PHP (8.6 only refreshes an unchanged new one)
session_write_close();
$info = section();
var_dump(preg_match('/^Locks => taken 1, waited 0 \(0\.000 ms in all\), timed out 0, lost 0, read-only starts 0, refused \(too many waiters\) 0, renewed 0$/m', $info));
$server = preg_quote(rr_path(), '/');
var_dump(preg_match("/^Server $server => maxmemory-policy noeviction; sessions opened 1, writes 1, locks taken 1 \\(waited 0, timed out 0\\), errors 0, connections opened 1$/m", $info));
foreach (['locking_enabled' => '1', 'lock_expire' => '9', 'lock_wait_time' => '30000',
          'lock_retries' => '7', 'lock_failure_readonly' => '0', 'max_pools' => '32',
          'pool_idle_timeout' => '300', 'lock_warn_time' => '0'] as $k => $v) {
    echo $k, ': ', preg_match("/^rustredis\\.$k => $v => $v$/m", $info), "\n";
}
?>
--EXPECT--
int(1)
int(1)
int(1)
int(1)
locking_enabled: 1
lock_expire: 1
lock_wait_time: 1
lock_retries: 1
lock_failure_readonly: 1
max_pools: 1
pool_idle_timeout: 1
lock_warn_time: 1
