<?php
// Lock hand-over delay: a holder keeps the session locked ~50 ms while a
// waiter blocks in session_start(); delay = waiter's session_start() return
// - holder's session_write_close() return (same clock, same machine).
//   php -n handover.php TRIALS ARGS_DIR HANDLER...
// Handlers are interleaved trial by trial. Prints TSV: handover <handler> <ms>
require __DIR__ . '/common.php';
[$self, $trials, $dir] = $argv;
$handlers = array_slice($argv, 3);
for ($t = 0; $t < (int) $trials; $t++) {
    foreach ($handlers as $h) {
        $args = bench_args($dir, $h);
        $id = 'ho' . bin2hex(random_bytes(8));
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
        } catch (Throwable $e) {
            fwrite(STDERR, "handover: $h: {$e->getMessage()}\n");
        }
    }
}
