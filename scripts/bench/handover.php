<?php
// Lock hand-over delay: a holder keeps the session locked ~50 ms while a
// waiter blocks in session_start(); delay = waiter's session_start() return
// - holder's session_write_close() return (same clock, same machine).
//   php -n handover.php TRIALS ARGS_DIR HANDLER...
// Handlers are interleaved trial by trial. Prints TSV: handover <handler> <ms>
// For Redis handlers also the server's view (one clock, no PHP process
// scheduling): from the holder's command that releases the lock to the
// waiter's SET NX that takes it, timed by MONITOR. Prints
// handover_server <handler> <ms>. (rustredis hands the lock to the first
// waiter inside the release script, so it has no take command to time.)
require __DIR__ . '/common.php';

/** A MONITOR connection to the Redis at $port. */
function ho_monitor(int $port) {
    $s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
    if (!$s) { return null; }
    fwrite($s, "*1\r\n$7\r\nMONITOR\r\n");
    fgets($s); // +OK
    stream_set_blocking($s, false);
    return $s;
}

/** Server-side hand-over in ms for the lock key, from MONITOR lines. */
function ho_server_delay(string $lines, string $lockKey): ?float {
    $events = [];
    foreach (explode("\n", $lines) as $line) {
        // 1700000000.123456 [0 127.0.0.1:5555] "SET" "key" ...
        if (!preg_match('/^\+?(\d+\.\d+) \[\d+ ([^\]]+)\] (.*)$/', trim($line), $m)) continue;
        if (strpos($m[3], '"' . $lockKey . '"') === false) continue;
        $events[] = [(float) $m[1], $m[2], $m[3]];
    }
    // The waiter's successful acquire is the last SET ... NX on the lock.
    $acq = null;
    for ($i = count($events) - 1; $i >= 0; $i--) {
        if (preg_match('/^"SET" .*"NX"/i', $events[$i][2])) { $acq = $i; break; }
    }
    if ($acq === null) return null;
    $waiter = $events[$acq][1];
    // A take by SET NX after the holder's release; a waiter whose SET NX
    // came before it was handed the lock inside the release's own script
    // (rustredis): no take command to time, the PHP processes' view says it.
    for ($i = count($events) - 1; $i > $acq; $i--) {
        if ($events[$i][1] !== $waiter) { return null; }
    }
    // The release: the holder's last command on the lock key before it.
    for ($i = $acq - 1; $i >= 0; $i--) {
        if ($events[$i][1] !== $waiter) { return ($events[$acq][0] - $events[$i][0]) * 1000; }
    }
    return null;
}
[$self, $trials, $dir] = $argv;
$handlers = array_slice($argv, 3);
for ($t = 0; $t < (int) $trials; $t++) {
    foreach ($handlers as $h) {
        $args = bench_args($dir, $h);
        $id = 'ho' . bin2hex(random_bytes(8));
        $mon = null;
        if (preg_match('/tcp:\/\/127\.0\.0\.1:(\d+)/', implode(' ', $args), $pm)) { $mon = ho_monitor((int) $pm[1]); }
        $holder = bench_spawn($args, 'session_id(' . bench_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN);'
            . '$_SESSION["h"] = 1; session_write_close(); printf("%.6f\n", microtime(true));');
        try {
            bench_expect($holder, 'LOCKED');
            $waiter = bench_spawn($args, 'session_id(' . bench_q($id) . '); echo "WAITING\n";'
                . '$ok = session_start(); printf("%.6f %d\n", microtime(true), $ok); session_write_close();');
            bench_expect($waiter, 'WAITING');
            usleep(50000 + random_int(0, 5000)); // the waiter is now blocked in session_start()
            bench_send($holder);
            $released = (float) trim(bench_end($holder));
            [$started, $ok] = explode(' ', trim(bench_end($waiter))) + [1 => '0'];
            if ($ok !== '1') { fwrite(STDERR, "handover: $h: waiter's session_start failed\n"); continue; }
            printf("handover\t%s\t%.3f\n", $h, ((float) $started - $released) * 1000);
            if ($mon) {
                usleep(20000);
                $lines = '';
                while (($chunk = fread($mon, 65536)) !== false && $chunk !== '') { $lines .= $chunk; }
                $d = ho_server_delay($lines, "PHPREDIS_SESSION:{$id}_LOCK");
                if ($d !== null) { printf("handover_server\t%s\t%.3f\n", $h, $d); }
            }
        } catch (Throwable $e) {
            fwrite(STDERR, "handover: $h: {$e->getMessage()}\n");
        } finally {
            if ($mon) { fclose($mon); }
        }
    }
}
