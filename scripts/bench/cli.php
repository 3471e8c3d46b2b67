<?php
// CLI cycles/s of one handler (selected with -d on the command line):
//   php -n <handler -d args> cli.php MODE BYTES SECONDS
// MODE existing: cycles over 100 session ids created beforehand (with the
// payload); fresh: a new id every cycle. A cycle = session_id() +
// session_start() + modify + session_write_close(). Prints "cycles/s failures".
[$self, $mode, $bytes, $secs] = $argv + [null, 'existing', '200', '2'];
$bytes = (int) $bytes;
$secs = (float) $secs;
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
$payload = substr(bin2hex(random_bytes(intdiv($bytes, 2) + 1)), 0, $bytes);
$tag = 'b' . bin2hex(random_bytes(6));
$fail = 0;
$ids = [];
if ($mode === 'existing') {
    for ($i = 0; $i < 100; $i++) {
        $ids[] = "{$tag}e$i";
        session_id($ids[$i]);
        if (!session_start()) { fwrite(STDERR, "cli: setup session_start failed\n"); exit(1); }
        $_SESSION['p'] = $payload;
        $_SESSION['n'] = 0;
        session_write_close();
    }
}
// warm-up, then the timed loop
$n = 0;
foreach ([0.1 * $secs, $secs] as $round => $len) {
    $n = 0;
    $end = hrtime(true) + (int) ($len * 1e9);
    $t0 = hrtime(true);
    do {
        if ($mode === 'existing') {
            session_id($ids[$n % 100]);
            if (!session_start()) { $fail++; $n++; continue; }
            $_SESSION['n']++;
        } else {
            session_id("{$tag}r{$round}f$n");
            if (!session_start()) { $fail++; $n++; continue; }
            $_SESSION['p'] = $payload;
            $_SESSION['n'] = 1;
        }
        session_write_close();
        $n++;
    } while (($now = hrtime(true)) < $end);
    $elapsed = ($now - $t0) / 1e9;
}
printf("%.1f %d\n", $n / $elapsed, $fail);
