<?php
// A minimal RESP (Redis protocol) client over a PHP stream, shared by the
// phpt suite, the benchmark and the HA tests, so they inspect Redis without
// depending on phpredis (or on the extension under test).

/** Sends one command on $s and returns the decoded reply. */
function resp_command($s, array $argv) {
    $out = '*' . count($argv) . "\r\n";
    foreach ($argv as $a) { $a = (string) $a; $out .= '$' . strlen($a) . "\r\n$a\r\n"; }
    if (@fwrite($s, $out) === false) { throw new RuntimeException('redis: write failed'); }
    return resp_read($s);
}

/**
 * One reply: string, int, null, array, or a RuntimeException object for an
 * error reply (returned, not thrown: tests compare it).
 */
function resp_read($s) {
    $line = fgets($s);
    if ($line === false) { throw new RuntimeException('redis: connection closed or timed out'); }
    $t = $line[0]; $rest = substr($line, 1, -2);
    switch ($t) {
        case '+': return $rest;
        case '-': return new RuntimeException($rest);
        case ':': return (int) $rest;
        case '$':
            if ((int) $rest < 0) { return null; }
            $n = (int) $rest + 2; $data = '';
            while (strlen($data) < $n) {
                $c = fread($s, $n - strlen($data));
                if ($c === false || $c === '') { throw new RuntimeException('redis: short read'); }
                $data .= $c;
            }
            return substr($data, 0, -2);
        case '*':
            if ((int) $rest < 0) { return null; }
            $a = [];
            for ($i = 0; $i < (int) $rest; $i++) { $a[] = resp_read($s); }
            return $a;
    }
    throw new RuntimeException("redis: bad reply: $line");
}

/** A MONITOR connection to the Redis on 127.0.0.1:$port. */
function resp_monitor_start(int $port) {
    $m = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
    stream_set_timeout($m, 10);
    if (resp_command($m, ['MONITOR']) !== 'OK') { throw new RuntimeException('MONITOR refused'); }
    return $m;
}

/**
 * Commands clients sent since resp_monitor_start() gave $m, up to a marker
 * sent on $s, another connection to the same server (commands run inside
 * scripts, which commandstats also counts, are left out), e.g.
 * ['evalsha' => 2]. Closes $m.
 */
function resp_monitor_calls($m, $s): array {
    $marker = 'monitor-marker-' . bin2hex(random_bytes(4));
    resp_command($s, ['ECHO', $marker]);
    $calls = [];
    while (($line = fgets($m)) !== false) {
        if (str_contains($line, $marker)) { break; }
        if (!preg_match('/^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/', $line, $mm)) { continue; }
        if ($mm[1] === 'lua') { continue; }
        $cmd = strtolower($mm[2]);
        $calls[$cmd] = ($calls[$cmd] ?? 0) + 1;
    }
    fclose($m);
    ksort($calls);
    return $calls;
}
