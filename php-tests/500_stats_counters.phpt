--TEST--
RustRedis\stats(): each counter moves as its event happens (CLI: this process's numbers)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.lazy_write=1
--FILE--
<?php
require __DIR__ . '/lock.inc';
ob_start();
$last = RustRedis\stats();
/** The counters that moved since the last call, as "name +n". */
function moved(): string {
    global $last;
    $now = RustRedis\stats();
    $out = [];
    foreach ($now as $k => $v) {
        if (is_int($v) && $v !== $last[$k] && $k !== 'lock_wait_sum_ms') { $out[] = "$k +" . ($v - $last[$k]); }
    }
    $last = $now;
    return implode(', ', $out) . "\n";
}
echo $last['scope'], "\n";
ini_set('session.save_path', rr_path());
$id = rr_id('stats');
session_id($id);
session_start();                   // unknown id: a miss, a lock
$_SESSION['n'] = 1;                // 'n|i:1;' is 6 bytes
session_write_close();
echo 'new session: ', moved();
session_id($id);
session_start();
session_write_close();             // unchanged: a TTL refresh
echo 'unchanged: ', moved();
session_id($id);
session_start();
session_destroy();
echo 'destroy: ', moved();
session_id('');
session_start();                   // PHP asks for a new id
session_abort();
echo 'new id: ', moved();
// Another process holds the lock (and writes the session, empty): this
// request waits, then gets it.
$c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; usleep(150000); session_write_close();');
lk_expect($c, 'LOCKED');
session_id($id);
session_start();
session_abort();
lk_end($c);
$s = RustRedis\stats();
echo 'waited: ', moved();
echo 'wait histogram: ', array_sum($s['lock_wait_ms']) >= 1 ? 'counted' : 'empty', ', ', $s['lock_wait_sum_ms'] >= 100 ? '>= 100 ms' : 'too short', "\n";
// Redis down: one refused error.
ini_set('session.save_path', 'tcp://127.0.0.1:1');
session_id(rr_id('stats'));
@session_start();
echo 'refused: ', moved();
echo ob_get_clean();
?>
--EXPECT--
process
new session: sessions_opened +1, reads_miss +1, writes +1, bytes_written +6, locks_taken +1, connections_opened +1
unchanged: sessions_opened +1, reads_hit +1, ttl_refreshes +1, bytes_read +6, locks_taken +1
destroy: sessions_opened +1, reads_hit +1, destroys +1, bytes_read +6, locks_taken +1
new id: sessions_opened +1, reads_miss +1, ids_created +1, locks_taken +1
waited: sessions_opened +1, reads_hit +1, locks_taken +1, lock_waits +1
wait histogram: counted, >= 100 ms
refused: sessions_opened +1, errors_refused +1
