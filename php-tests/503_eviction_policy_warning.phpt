--TEST--
eviction check: a server with an evicting maxmemory-policy (allkeys-lru, volatile-lru) warns once per worker, read by the pool's first connection (INFO memory), shown in stats; noeviction does not; INFO refused by the ACL: policy unknown, no warning, sessions work
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
function two_requests(string $path, string $name): void {
    ini_set('session.save_path', $path);
    rr_collect_warnings();
    $started = [];
    foreach ([1, 2] as $n) {
        session_id(rr_id('evict'));
        $started[] = var_export(session_start(), true);
        $_SESSION['n'] = $n;
        $started[] = var_export(session_write_close(), true);
    }
    restore_error_handler();
    $row = RustRedis\stats()['servers'][preg_replace('/\?.*/', '', $path)] ?? [];
    printf("%s: started/written %s; policy %s, evicts_sessions %s; %d warning(s)\n", $name, implode('/', $started),
        $row['maxmemory_policy'] ?? '?', var_export($row['evicts_sessions'] ?? null, true), count($GLOBALS['rr_warnings']));
    foreach ($GLOBALS['rr_warnings'] as $w) { echo '  ', preg_replace('/127\.0\.0\.1:\d+/', '127.0.0.1:PORT', $w), "\n"; }
}
[$lru, $lruPort] = lk_own_server(['--maxmemory-policy', 'allkeys-lru']);
[$vol, $volPort] = lk_own_server(['--maxmemory-policy', 'volatile-lru']);
[$acl, $aclPort] = lk_own_server(['--user', 'sess', 'on', '>pw', '~*', '&*', '+@all', '-info']);
two_requests("tcp://127.0.0.1:$lruPort", 'allkeys-lru');
two_requests("tcp://127.0.0.1:$volPort", 'volatile-lru');
two_requests(rr_path(), 'noeviction');
two_requests("tcp://127.0.0.1:$aclPort?auth[]=sess&auth[]=pw", 'INFO refused');
// A new process (a new worker): it warns again, once.
$out = rr_php('foreach ([1, 2] as $n) { session_id("evict" . $n . bin2hex(random_bytes(8))); session_start(); session_write_close(); }',
    ['session.save_handler' => 'rustredis', 'session.save_path' => "tcp://127.0.0.1:$lruPort", 'session.use_cookies' => '0', 'session.cache_limiter' => '']);
echo 'another worker: ', substr_count($out, 'maxmemory-policy allkeys-lru'), " warning(s)\n";
foreach ([$lru, $vol, $acl] as $p) lk_own_stop($p);
echo ob_get_clean();
?>
--EXPECT--
allkeys-lru: started/written true/true/true/true; policy allkeys-lru, evicts_sessions true; 1 warning(s)
  session_start(): Redis at tcp://127.0.0.1:PORT has maxmemory-policy allkeys-lru: it may evict sessions under memory pressure, logging users out (use noeviction, or a Redis of its own for sessions)
volatile-lru: started/written true/true/true/true; policy volatile-lru, evicts_sessions true; 1 warning(s)
  session_start(): Redis at tcp://127.0.0.1:PORT has maxmemory-policy volatile-lru: it may evict sessions under memory pressure, logging users out (use noeviction, or a Redis of its own for sessions)
noeviction: started/written true/true/true/true; policy noeviction, evicts_sessions false; 0 warning(s)
INFO refused: started/written true/true/true/true; policy unknown, evicts_sessions false; 0 warning(s)
another worker: 1 warning(s)
