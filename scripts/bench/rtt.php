<?php
// Round trips and commands per request, in CLI (one process, N cycles):
//   php -n rtt.php REDIS_PORT MEMC_PORT N ARGS_DIR HANDLER...
// Redis handlers: commands the client sent, from MONITOR on a redis-server
// used by nothing else (commands run inside Lua scripts, "[0 lua]", are
// excluded); round trips counted by a loopback TCP proxy in front of that
// server: one round trip = the client sending after it last received (so
// pipelined commands are one round trip); connections from INFO
// total_connections_received.
// memcached handlers: get+set(add)+touch+delete operations from "stats".
// files: nothing to count. Prints TSV:
//   rtt <handler> <modified|unmodified|fresh> <round trips/request> <commands> <connections/process> <commands/request>
require __DIR__ . '/common.php';
[$self, $rport, $mport, $n, $dir] = $argv;
$handlers = array_slice($argv, 5);
$rport = (int) $rport; $mport = (int) $mport; $n = (int) $n;

$ctl = redis_connect($rport);
$mon = redis_connect($rport);
if (redis_cmd($mon, ['MONITOR']) !== 'OK') { fwrite(STDERR, "MONITOR failed\n"); exit(1); }

$listener = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
if (!$listener) { fwrite(STDERR, "proxy: $errstr\n"); exit(1); }
$pport = (int) substr(strrchr(stream_socket_get_name($listener, false), ':'), 1);
$pairs = []; // id => [client, server, last direction]
$turns = 0; $counting = false;

function pair_close(int $id): void {
    global $pairs;
    @fclose($pairs[$id][0]); @fclose($pairs[$id][1]);
    unset($pairs[$id]);
}
function write_all($s, string $d): void {
    while ($d !== '') { $n = @fwrite($s, $d); if (!$n) { return; } $d = substr($d, $n); }
}
/** Relays proxy traffic until the child prints a line starting with $prefix; returns that line. */
function pump(array $c, string $prefix, float $timeout = 60.0): string {
    global $listener, $pairs, $turns, $counting, $rport;
    $end = microtime(true) + $timeout; $seen = '';
    while (microtime(true) < $end) {
        $r = [$listener, $c['out']];
        foreach ($pairs as $p) { $r[] = $p[0]; $r[] = $p[1]; }
        $w = $e = null;
        if (!stream_select($r, $w, $e, 1)) { continue; }
        foreach ($r as $s) {
            if ($s === $listener) {
                $cl = @stream_socket_accept($listener, 1);
                if (!$cl) { continue; }
                $sv = stream_socket_client("tcp://127.0.0.1:$rport", $errno, $errstr, 2);
                if (!$sv) { fclose($cl); continue; }
                stream_set_blocking($cl, true); stream_set_blocking($sv, true);
                $pairs[(int) $cl] = [$cl, $sv, 's2c'];
                continue;
            }
            if ($s === $c['out']) {
                $l = fgets($c['out']);
                if ($l === false) { throw new RuntimeException("child ended: $seen"); }
                if (str_starts_with($l, $prefix)) { return rtrim($l, "\n"); }
                $seen .= $l;
                continue;
            }
            foreach ($pairs as $id => $p) {
                if ($s !== $p[0] && $s !== $p[1]) { continue; }
                $d = fread($s, 1 << 20);
                if ($d === '' || $d === false) { if (feof($s)) { pair_close($id); } break; }
                if ($s === $p[0]) {
                    if ($counting && $p[2] !== 'c2s') { $turns++; }
                    $pairs[$id][2] = 'c2s';
                    write_all($p[1], $d);
                } else {
                    $pairs[$id][2] = 's2c';
                    write_all($p[0], $d);
                }
                break;
            }
        }
    }
    throw new RuntimeException("child did not print \"$prefix\": $seen");
}

/** MONITOR lines between the markers, as command => count (excluding Lua and markers). */
function monitor_window($mon, $ctl, string $marker): array {
    redis_cmd($ctl, ['ECHO', "$marker-end"]);
    $cmds = [];
    $in = false;
    while (($l = fgets($mon)) !== false) {
        if (str_contains($l, "\"$marker-start\"")) { $in = true; continue; }
        if (str_contains($l, "\"$marker-end\"")) { break; }
        if (!$in || str_contains($l, '[0 lua]') || !preg_match('/^\+[\d.]+ \[\d+ [^\]]+\] "([^"]+)"/', $l, $m)) { continue; }
        $c = strtoupper($m[1]);
        $cmds[$c] = ($cmds[$c] ?? 0) + 1;
    }
    ksort($cmds);
    return $cmds;
}

foreach ($handlers as $h) {
    $kind = str_starts_with($h, 'memc') ? 'memc' : (str_starts_with($h, 'files') ? 'files' : 'redis');
    if ($kind === 'files') { continue; }
    // redis handlers talk to the proxy, which relays to the counting server
    $args = array_map(fn($a) => str_replace("127.0.0.1:$rport", "127.0.0.1:$pport", $a), bench_args($dir, $h));
    foreach (['modified', 'unmodified', 'fresh'] as $variant) {
        $id = 'rtt' . bin2hex(random_bytes(8));
        $body = $variant === 'unmodified' ? '' : '$_SESSION["n"]++;';
        $sid = $variant === 'fresh' ? 'session_id(' . bench_q($id) . ' . "f$i");' : '';
        $conns0 = redis_info_int($ctl, 'stats', 'total_connections_received');
        $code = 'session_id(' . bench_q($id) . ');'
            . 'session_start(); $_SESSION["n"] = 0; $_SESSION["p"] = str_repeat("x", 200); session_write_close();'
            . 'for ($i = 0; $i < 3; $i++) { session_start(); ' . $body . ' session_write_close(); }'
            . 'echo "READY\n"; fgets(STDIN); $f = 0;'
            . 'for ($i = 0; $i < ' . $n . '; $i++) { ' . $sid . ' if (!session_start()) { $f++; continue; } '
            . ($variant === 'fresh' ? '$_SESSION["n"] = 1; $_SESSION["p"] = str_repeat("x", 200);' : $body)
            . ' session_write_close(); }'
            . 'echo "DONE $f\n"; fgets(STDIN);';
        $c = bench_spawn($args, $code);
        $marker = 'bench-' . bin2hex(random_bytes(4));
        try {
            pump($c, 'READY');
            if ($kind === 'memc') { $st0 = memc_stats($mport); }
            redis_cmd($ctl, ['ECHO', "$marker-start"]);
            $turns = 0; $counting = true;
            bench_send($c);
            $done = pump($c, 'DONE');
            $counting = false;
        } catch (Throwable $e) {
            fwrite(STDERR, "rtt: $h $variant: {$e->getMessage()}\n");
            bench_end($c);
            foreach (array_keys($pairs) as $pid) { pair_close($pid); }
            monitor_window($mon, $ctl, $marker);
            continue;
        }
        if ($kind === 'memc') {
            $st1 = memc_stats($mport);
            $cmds = [];
            foreach (['cmd_get' => 'get', 'cmd_set' => 'set/add', 'cmd_touch' => 'touch',
                      'delete_hits' => 'delete', 'delete_misses' => 'delete'] as $k => $label) {
                $d = (int) ($st1[$k] ?? 0) - (int) ($st0[$k] ?? 0);
                if ($d) { $cmds[$label] = ($cmds[$label] ?? 0) + $d; }
            }
            monitor_window($mon, $ctl, $marker); // drain MONITOR up to the end marker
            $rt = array_sum($cmds) / $n; // no proxy for memcached: one round trip per operation
        } else {
            $cmds = monitor_window($mon, $ctl, $marker);
            $rt = $turns / $n;
        }
        bench_end($c);
        foreach (array_keys($pairs) as $pid) { pair_close($pid); }
        $conns = redis_info_int($ctl, 'stats', 'total_connections_received') - $conns0;
        $per = [];
        foreach ($cmds as $k => $v) { $per[] = $k . '=' . round($v / $n, 2); }
        $fails = (int) substr($done, 5);
        printf("rtt\t%s\t%s\t%.2f\t%s\t%s\t%.2f\t%d\n", $h, $variant, $rt,
            implode(',', $per) ?: '-', $kind === 'memc' ? '-' : (string) $conns, array_sum($cmds) / $n, $fails);
    }
}
