<?php
// Child PHP processes driven line by line, shared by the phpt lock tests
// (php-tests/lock.inc), the benchmark's drivers (scripts/bench/common.php)
// and scripts/measure-lock.php: the child's stdin is a pipe (to signal it),
// its stderr goes to its stdout.

/**
 * argv of `php -n` running $code with the rustredis extension $ext (or, with
 * $phpredis, the installed phpredis) as save handler on $savePath; $ini
 * (name => value) is added last.
 */
function child_session_argv(string $ext, string $savePath, string $code, array $ini = [], bool $phpredis = false): array {
    $cmd = [PHP_BINARY, '-n'];
    if ($phpredis) {
        $dir = ini_get('extension_dir');
        foreach (['igbinary', 'msgpack', 'json', 'redis'] as $e) {
            if (file_exists("$dir/$e.so")) { $cmd[] = '-d'; $cmd[] = "extension=$e"; }
        }
        $base = ['session.save_handler' => 'redis', 'redis.session.locking_enabled' => '1'];
    } else {
        $cmd[] = '-d'; $cmd[] = "extension=$ext";
        $base = ['session.save_handler' => 'rustredis'];
    }
    $base += ['session.save_path' => $savePath, 'session.use_cookies' => '0',
              'session.cache_limiter' => '', 'session.use_strict_mode' => '0'];
    $base += child_error_log_ini();
    foreach (array_merge($base, $ini) as $k => $v) { $cmd[] = '-d'; $cmd[] = "$k=$v"; }
    $cmd[] = '-r';
    $cmd[] = $code;
    return $cmd;
}

/**
 * log_errors into $RUSTREDIS_TEST_ERROR_LOG when it is set: the phpt suite
 * collects every warning of every process there, and checks that no session
 * id appears in any (scripts/test-php.sh).
 */
function child_error_log_ini(): array {
    $log = getenv('RUSTREDIS_TEST_ERROR_LOG');
    return $log ? ['log_errors' => '1', 'error_log' => $log] : [];
}

/** Starts the command $cmd (an argv): ['proc' => ..., 'in' => stdin, 'out' => stdout and stderr]. */
function child_spawn(array $cmd): array {
    $p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
    if (!$p) { throw new RuntimeException('cannot start child php'); }
    return ['proc' => $p, 'in' => $pipes[0], 'out' => $pipes[1]];
}

/** Reads the child's output until a line equal to $line; returns the lines before it. */
function child_expect(array $c, string $line, float $timeout = 15.0): string {
    $end = microtime(true) + $timeout;
    $seen = '';
    while (microtime(true) < $end) {
        $r = [$c['out']]; $w = $e = null;
        $left = max(0.0, $end - microtime(true));
        if (!stream_select($r, $w, $e, (int) $left, (int) (fmod($left, 1) * 1e6))) { continue; }
        $l = fgets($c['out']);
        if ($l === false) { break; }
        if (rtrim($l, "\n") === $line) { return $seen; }
        $seen .= $l;
    }
    throw new RuntimeException("child did not print \"$line\"; it printed: $seen");
}

/** Sends one line to the child's stdin. */
function child_send(array $c, string $line = 'go'): void {
    fwrite($c['in'], "$line\n");
    fflush($c['in']);
}

/** Closes the child's stdin, waits for it and returns the rest of its output. */
function child_end(array $c): string {
    @fclose($c['in']);
    $out = stream_get_contents($c['out']);
    fclose($c['out']);
    proc_close($c['proc']);
    return $out;
}

/** PHP source of a string literal (for code given to a child). */
function child_q(string $s): string { return var_export($s, true); }

/** Redis key of the session $id in the phpredis format rustredis uses ($suffix: e.g. '_LOCK'). */
function child_session_key(string $id, string $suffix = ''): string { return "PHPREDIS_SESSION:$id$suffix"; }
