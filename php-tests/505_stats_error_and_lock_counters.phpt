--TEST--
RustRedis\stats(): the error counters by cause (refused, timeout, auth, OOM, READONLY, NOPERM, other), lock timeouts, read-only starts, locks lost, replica waits confirmed and refused, each moving as its event happens
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
ob_start(); // output before ini_set() would send headers
$last = RustRedis\stats();
/** The counters that moved since the last call, as "name +n" (errors and locks only). */
function moved(): string {
    global $last;
    $now = RustRedis\stats();
    $out = [];
    foreach ($now as $k => $v) {
        if (is_int($v) && $v !== $last[$k] && preg_match('/^(errors|lock_timeouts|locks_lost|readonly|replica)/', $k)) {
            $out[] = "$k +" . ($v - $last[$k]);
        }
    }
    $last = $now;
    return implode(', ', $out) . "\n";
}
/** One session_start() (and a write) on $path, warnings silenced. */
function attempt(string $path, ?string $id = null, array $ini = []): void {
    foreach ($ini + ['session.save_path' => $path] as $k => $v) ini_set($k, $v);
    session_id($id ?? rr_id('errs'));
    if (@session_start()) {
        $_SESSION['x'] = 1;
        @session_write_close();
    }
}
attempt('tcp://127.0.0.1:1');
echo 'refused: ', moved();
attempt(rr_path('auth=wrong', 'AUTH'));
echo 'auth: ', moved();
[$oom, $oomPort, $oomSock] = lk_own_server(['--maxmemory-policy', 'noeviction']);
attempt("tcp://127.0.0.1:$oomPort");        // connects first (the pool's INFO memory)
rr_send($oomSock, ['CONFIG', 'SET', 'maxmemory', '1']);
attempt("tcp://127.0.0.1:$oomPort");
echo 'oom: ', moved();
attempt(rr_path('', 'B_REPLICA'));
echo 'readonly: ', moved();
[$acl, $aclPort] = lk_own_server(['--user', 'nowrite', 'on', '>pw', '~*', '&*', '+@all', '-@write']);
attempt("tcp://127.0.0.1:$aclPort?auth[]=nowrite&auth[]=pw");
echo 'noperm: ', moved();
$wrong = rr_id('errs');
rr_cmd(['HSET', "PHPREDIS_SESSION:$wrong", 'f', 'v']);
attempt(rr_path(), $wrong);
echo 'other (WRONGTYPE): ', moved();
[$hung, $hungPort, $hungSock] = lk_own_server();
attempt("tcp://127.0.0.1:$hungPort?read_timeout=0.2");
proc_terminate($hung, 19);                  // SIGSTOP
attempt("tcp://127.0.0.1:$hungPort?read_timeout=0.2");
proc_terminate($hung, 18);                  // SIGCONT
echo 'timeout: ', moved();

// Locks: another process holds the lock.
$id = rr_id('errs');
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN); session_write_close();');
lk_expect($c, 'LOCKED');
attempt(rr_path(), $id, ['rustredis.lock_retries' => '3', 'rustredis.lock_wait_time' => '10000']);
echo 'lock timeout: ', moved();
attempt(rr_path(), $id, ['rustredis.lock_failure_readonly' => '1']);
ini_set('rustredis.lock_failure_readonly', '0');
echo 'read-only start: ', moved();
lk_send($c);
lk_end($c);
ini_set('rustredis.lock_retries', '100');
// Our lock taken over by another token while we run: the write is refused.
$id = rr_id('errs');
session_id($id);
session_start();
rr_cmd(['SET', lk_key($id, '_LOCK'), 'someone-else']);
$_SESSION['x'] = 2;
@session_write_close();
echo 'lock lost: ', moved();
// wait_replicas: B has a replica, C none.
attempt(rr_path('wait_replicas=1&wait_timeout=2000', 'B'));
echo 'replica confirmed: ', moved();
attempt(rr_path('wait_replicas=1&wait_timeout=50', 'C'));
echo 'replica refused: ', moved();
foreach ([$oom, $acl, $hung] as $p) lk_own_stop($p);
echo ob_get_clean();
?>
--EXPECT--
refused: errors_refused +1
auth: errors_auth +1
oom: errors_oom +1
readonly: errors_readonly +1
noperm: errors_noperm +1
other (WRONGTYPE): errors_other +1
timeout: errors_timeout +1
lock timeout: lock_timeouts +1
read-only start: lock_timeouts +1, readonly_starts +1
lock lost: locks_lost +1
replica confirmed: replica_confirmed +1
replica refused: replica_refused +1
