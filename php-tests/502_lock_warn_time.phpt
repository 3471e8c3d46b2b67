--TEST--
rustredis.lock_warn_time: a request that waited longer for its lock gets one warning (how long, the session's fingerprint, the holder held it); not below the bound, not when 0, not without a wait
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
/** Another process holds $id's lock for $ms; this request then starts it. */
function wait_behind(string $id, int $ms, string $warnTime): void {
    $c = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; usleep(' . ($ms * 1000) . '); session_write_close();');
    lk_expect($c, 'LOCKED');
    ini_set('rustredis.lock_warn_time', $warnTime);
    rr_collect_warnings();
    session_id($id);
    $ok = session_start();
    session_write_close();
    restore_error_handler();
    lk_end($c);
    $w = $GLOBALS['rr_warnings'];
    printf("held %d ms, lock_warn_time=%s: started %s, %d warning(s)\n", $ms, $warnTime, var_export($ok, true), count($w));
    foreach ($w as $text) {
        $fp = RustRedis\fingerprint($id);
        preg_match('/waited (\d+) ms/', $text, $m);
        echo '  ', str_replace([$fp, $m[1] ?? '-'], ['<fingerprint>', '<ms>'], $text), "\n";
        echo '  waited at least the hold: ', var_export(($m[1] ?? 0) >= $ms - 50, true), ', id shown: ', var_export(str_contains($text, $id), true), "\n";
    }
}
wait_behind(rr_id('warn'), 400, '100');
wait_behind(rr_id('warn'), 150, '2000');
wait_behind(rr_id('warn'), 300, '0');
// No wait at all: a free lock never warns, even with a 1 ms bound.
ini_set('rustredis.lock_warn_time', '1');
session_id(rr_id('warn'));
rr_collect_warnings();
session_start();
session_write_close();
restore_error_handler();
echo 'free lock, lock_warn_time=1: ', count($GLOBALS['rr_warnings']), " warning(s)\n";
?>
--EXPECT--
held 400 ms, lock_warn_time=100: started true, 1 warning(s)
  session_start(): waited <ms> ms for the lock of session <fingerprint>, which another request held all that time (rustredis.lock_warn_time=100 ms)
  waited at least the hold: true, id shown: false
held 150 ms, lock_warn_time=2000: started true, 0 warning(s)
held 300 ms, lock_warn_time=0: started true, 0 warning(s)
free lock, lock_warn_time=1: 0 warning(s)
