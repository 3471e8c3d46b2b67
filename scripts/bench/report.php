<?php
// Turns the raw results of scripts/bench.sh into Markdown tables.
//   php -n report.php RESULTS.tsv META.tsv
[$self, $resFile, $metaFile] = $argv;
$repo = $argv[3] ?? null;
$rows = [];
foreach (file($resFile, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $l) { $rows[] = explode("\t", $l); }
$meta = [];
foreach (file($metaFile, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $l) { [$k, $v] = explode("\t", $l, 2) + [1 => '']; $meta[$k] = $v; }

$LABEL = ['files' => 'files', 'predis' => 'phpredis', 'predis_lock' => 'phpredis locked',
    'predis_p' => 'phpredis persistent=1', 'predis_p_lock' => 'phpredis persistent=1 locked',
    'memc' => 'memcached', 'memc_lock' => 'memcached locked',
    'rust' => 'rustredis unlocked', 'rust_lock' => 'rustredis locked (default)',
    'rust_lock_nostats' => 'rustredis locked, counters compiled out'];
$H = array_keys($LABEL);

function num($v): ?float { return is_numeric($v) ? (float) $v : null; }
function median(array $v): ?float {
    $v = array_values(array_filter($v, fn($x) => $x !== null));
    if (!$v) { return null; }
    sort($v); $n = count($v);
    return $n % 2 ? $v[intdiv($n, 2)] : ($v[$n / 2 - 1] + $v[$n / 2]) / 2;
}
function pct(array $v, float $p): ?float {
    $v = array_values(array_filter($v, fn($x) => $x !== null));
    if (!$v) { return null; }
    sort($v);
    return $v[(int) min(count($v) - 1, floor($p * (count($v) - 1) + 0.5))];
}
function f($v, int $d = 0): string { return $v === null ? 'n/a' : number_format($v, $d, '.', ''); }
function ratio(?float $a, ?float $b): ?float { return ($a === null || !$b) ? null : $a / $b; }
function rx(?float $r): string { return $r === null ? 'n/a' : sprintf('%.2fx', $r); }
function best(array $m, array $keys): array {  // [value, key] of the largest
    $bk = null; $bv = null;
    foreach ($keys as $k) { if (($m[$k] ?? null) !== null && ($bv === null || $m[$k] > $bv)) { $bv = $m[$k]; $bk = $k; } }
    return [$bv, $bk];
}
function table(array $head, array $body): string {
    $o = '| ' . implode(' | ', $head) . " |\n|" . str_repeat('---|', count($head)) . "\n";
    foreach ($body as $r) { $o .= '| ' . implode(' | ', $r) . " |\n"; }
    return $o . "\n";
}
$targets = [];
function target(string $what, ?float $measured, string $cmp, float $goal, string $fmt = 'x', string $note = ''): void {
    global $targets;
    $ok = $measured === null ? null : ($cmp === '>=' ? $measured >= $goal - 1e-9 : ($cmp === '<=' ? $measured <= $goal + 1e-9 : abs($measured - $goal) < 1e-9));
    $m = $measured === null ? 'n/a' : ($fmt === 'x' ? sprintf('%.2fx', $measured) : rtrim(rtrim(sprintf('%.3f', $measured), '0'), '.') . $fmt);
    $targets[] = [$what, "$cmp " . ($fmt === 'x' ? "{$goal}x" : "$goal$fmt"), $m, $ok === null ? 'NOT MEASURED' : ($ok ? 'PASS' : 'MISS'), $note];
}
$sel = fn(string $kind) => array_filter($rows, fn($r) => $r[0] === $kind);

$out = "# rustredis benchmarks\n\n";
$out .= "Machine: {$meta['nproc']} cores, {$meta['cpu']}, {$meta['kernel']}; PHP {$meta['php']}, "
    . "phpredis {$meta['phpredis']}, php-memcached {$meta['memcachedext']}, Redis {$meta['redis']}, "
    . "memcached {$meta['memcached']}, {$meta['nginx']}, wrk {$meta['wrk']}.  \n";
$out .= "Run: {$meta['date']}, " . ($meta['quick'] === '1' ? '`QUICK=1 make bench`' : '`make bench`')
    . ", {$meta['elapsed']}, load average at start {$meta['load']}.  \n";
$out .= "Parameters: {$meta['params']}.  \n";
$out .= "All PHP runs use `php -n` (`php-fpm" . PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION . " -n`) with explicit `-d extension=` lines. Locked handlers may wait about 2 s "
    . "for a busy lock: phpredis `lock_wait_time=2000` (5.x's default; 6.x's is 20000) `lock_retries=1000`; php-memcached `sess_lock_wait_min=2 "
    . "sess_lock_wait_max=2 sess_lock_retries=1000`; rustredis its defaults (`lock_wait_time=20000`, `lock_retries=100`). "
    . "Medians over the repetitions; handlers interleaved within each repetition. Ratios are to the faster phpredis "
    . "configuration (default connections or `persistent=1`) of the same column, measured in the same run.\n\n";
// The same benchmark on the other PHPs (make bench PHP_VERSION=X.Y).
$others = [];
foreach ($repo === null ? [] : glob("$repo/BENCHMARKS*.md") as $file) {
    if (preg_match('/BENCHMARKS-php(\d+\.\d+)\.md$/', $file, $m)) $others[$m[1]] = basename($file);
}
$thisPhp = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
$links = ["PHP $thisPhp: this page"];
if ($thisPhp !== '8.2') $links[] = "[PHP 8.2](BENCHMARKS.md)";
foreach ($others as $v => $f) if ($v !== $thisPhp) $links[] = "[PHP $v]($f) (`make bench PHP_VERSION=$v`)";
if (count($links) > 1) $out .= "Runs on each PHP: " . implode(', ', $links) . ".\n\n";

// ---- 1. CLI ----
$cli = [];
foreach ($sel('cli') as $r) { $cli["$r[3]/$r[2]"][$r[1]][] = num($r[5]); if ((int) ($r[6] ?? 0) > 0) { $cli["$r[3]/$r[2]"]['_fail'][$r[1]] = 1; } }
$cases = ['200/existing' => '200 B, existing id', '200/fresh' => '200 B, fresh id', '65536/existing' => '64 KiB, existing id', '65536/fresh' => '64 KiB, fresh id'];
$cliMed = [];
if ($cli) {
    $out .= "## 1. CLI cycles/s (one process: session_id + session_start + modify + session_write_close)\n\n";
    $out .= "Cell: median cycles/s (ratio to the faster phpredis unlocked / to the faster phpredis locked).\n\n";
    $body = [];
    foreach ($cases as $c => $_) { foreach ($H as $h) { $cliMed[$c][$h] = median($cli[$c][$h] ?? []); } }
    foreach ($H as $h) {
        $r = [$LABEL[$h]];
        foreach ($cases as $c => $_) {
            [$u] = best($cliMed[$c], ['predis', 'predis_p']);
            [$l] = best($cliMed[$c], ['predis_lock', 'predis_p_lock']);
            $r[] = f($cliMed[$c][$h]) . ' (' . rx(ratio($cliMed[$c][$h], $u)) . ' / ' . rx(ratio($cliMed[$c][$h], $l)) . ')'
                . (isset($cli[$c]['_fail'][$h]) ? ' *failures*' : '');
        }
        $body[] = $r;
    }
    $out .= table(array_merge(['handler'], array_values($cases)), $body);
    foreach ($cases as $c => $label) {
        [$u, $uk] = best($cliMed[$c], ['predis', 'predis_p']);
        [$l, $lk] = best($cliMed[$c], ['predis_lock', 'predis_p_lock']);
        target("CLI $label: rustredis unlocked vs phpredis unlocked", ratio($cliMed[$c]['rust'], $u), '>=', 1.2, 'x', "anchor: " . ($LABEL[$uk] ?? '?'));
        target("CLI $label: rustredis locked vs phpredis unlocked", ratio($cliMed[$c]['rust_lock'], $u), '>=', 1.0, 'x', "anchor: " . ($LABEL[$uk] ?? '?'));
        target("CLI $label: rustredis locked vs phpredis locked", ratio($cliMed[$c]['rust_lock'], $l), '>=', 1.6, 'x', "anchor: " . ($LABEL[$lk] ?? '?'));
        target("CLI $label: the counters' cost (locked, counted vs compiled out)", ratio($cliMed[$c]['rust_lock'], $cliMed[$c]['rust_lock_nostats'] ?? null), '>=', 0.95, 'x', 'within noise');
    }
}

// ---- 2. round trips ----
$rtt = [];
foreach ($sel('rtt') as $r) { $rtt[$r[1]][$r[2]] = ['rt' => num($r[3]), 'cmds' => $r[4], 'conns' => $r[5], 'fail' => (int) ($r[7] ?? 0)]; }
$web = [];
// req/s counts successful (2xx) responses only
foreach ($sel('web') as $r) { $web[$r[1]][$r[2]][] = ['rps' => (num($r[4]) !== null && (int) $r[7] > 0) ? num($r[4]) * ((int) $r[7] - (int) $r[8]) / (int) $r[7] : null, 'p50' => num($r[5]), 'p99' => num($r[6]), 'n' => (int) $r[7], 'err' => (int) $r[8], 'conns' => (int) $r[9]]; }
$connsPerReq = [];
foreach ($web as $h => $byScen) {
    $n = 0; $c = 0;
    foreach ($byScen as $runs) { foreach ($runs as $x) { $n += $x['n']; $c += max(0, $x['conns']); } }
    $connsPerReq[$h] = $n ? $c / $n : null;
}
if ($rtt || $connsPerReq) {
    $out .= "## 2. Round trips and connections per request\n\n";
    $out .= "One CLI process cycling one existing session (modified / unmodified) or a new id each cycle (fresh). "
        . "Round trips: counted by a loopback TCP proxy in front of a dedicated redis-server (a round trip = the client "
        . "sending after it last received, so pipelined commands count once). Commands: what the client sent, from MONITOR "
        . "(commands run inside Lua scripts excluded). php-memcached: get+set/add+touch+delete operations from memcached "
        . "`stats` (no proxy; one round trip per operation assumed). Connections per request: new TCP connections the store received "
        . "(`total_connections_received` / memcached `total_connections`) divided by the requests served behind php-fpm in section 3.\n\n";
    $body = [];
    foreach ($H as $h) {
        if ($h === 'files') { continue; }
        $m = $rtt[$h]['modified'] ?? null; $u = $rtt[$h]['unmodified'] ?? null;
        $fr = $rtt[$h]['fresh'] ?? null;
        $failed = ($m['fail'] ?? 0) + ($u['fail'] ?? 0) + ($fr['fail'] ?? 0);
        $body[] = [$LABEL[$h] . ($failed ? " ($failed failed session_start)" : ''), f($m['rt'] ?? null, 2), $m['cmds'] ?? 'n/a',
            f($u['rt'] ?? null, 2), $u['cmds'] ?? 'n/a', f($fr['rt'] ?? null, 2), $fr['cmds'] ?? 'n/a',
            $m['conns'] ?? 'n/a', f($connsPerReq[$h] ?? null, 4)];
    }
    $out = str_replace(", over {$meta['params']} —", ',', $out);
    $out .= table(['handler', 'round trips, modified', 'commands, modified', 'round trips, unmodified (lazy_write)',
        'commands, unmodified', 'round trips, fresh id', 'commands, fresh id', 'connections per CLI process', 'new connections per web request'], $body);
    target('Round trips per request, rustredis locked, modified', $rtt['rust_lock']['modified']['rt'] ?? null, '<=', 2, '');
    target('Round trips per request, rustredis locked, unmodified', $rtt['rust_lock']['unmodified']['rt'] ?? null, '<=', 2, '');
    target('Round trips per request, rustredis unlocked, modified', $rtt['rust']['modified']['rt'] ?? null, '<=', 2, '');
    target('Round trips per request, rustredis unlocked, unmodified', $rtt['rust']['unmodified']['rt'] ?? null, '<=', 2, '');
    target('Round trips per request, rustredis locked, fresh id', $rtt['rust_lock']['fresh']['rt'] ?? null, '<=', 2, '');
    target('New connections per web request, rustredis locked', $connsPerReq['rust_lock'] ?? null, '<=', 0.001, '', 'at most 1 per worker');
    target('New connections per web request, rustredis unlocked', $connsPerReq['rust'] ?? null, '<=', 0.001, '', 'at most 1 per worker');
}

// ---- 3. web ----
if ($web) {
    $out .= "## 3. Web: nginx + php-fpm, wrk\n\n";
    $out .= "The page starts the session and increments a counter. *distinct*: a new session id in every request's cookie; "
        . "*same*: every request carries one session cookie. req/s of successful (2xx) responses, median (ratio to the faster phpredis unlocked / locked); "
        . "latency medians of wrk's p50/p99 in ms.\n\n";
    $wm = [];
    foreach ($H as $h) { foreach (['distinct', 'shared'] as $s) {
        $runs = $web[$h][$s] ?? [];
        $wm[$s][$h] = ['rps' => median(array_column($runs, 'rps')), 'p50' => median(array_column($runs, 'p50')),
            'p99' => median(array_column($runs, 'p99')), 'err' => array_sum(array_column($runs, 'err'))];
    } }
    $body = [];
    foreach ($H as $h) {
        $r = [$LABEL[$h]];
        foreach (['distinct', 'shared'] as $s) {
            $rp = array_map(fn($x) => $x['rps'], $wm[$s]);
            [$u] = best($rp, ['predis', 'predis_p']); [$l] = best($rp, ['predis_lock', 'predis_p_lock']);
            $x = $wm[$s][$h];
            $r[] = f($x['rps']) . ' (' . rx(ratio($x['rps'], $u)) . ' / ' . rx(ratio($x['rps'], $l)) . ')';
            $r[] = f($x['p50'], 2) . ' / ' . f($x['p99'], 2);
            $r[] = (string) $x['err'];
        }
        $body[] = $r;
    }
    $out .= table(['handler', 'distinct: req/s', 'p50 / p99 ms', 'non-2xx', 'same session: req/s', 'p50 / p99 ms', 'non-2xx'], $body);
    $rp = array_map(fn($x) => $x['rps'], $wm['distinct']);
    [$u, $uk] = best($rp, ['predis', 'predis_p']);
    target('Web distinct sessions: rustredis locked vs phpredis unlocked', ratio($rp['rust_lock'], $u), '>=', 1.0, 'x', 'anchor: ' . ($LABEL[$uk] ?? '?'));
    target("Web distinct sessions: the counters' cost (locked, counted vs compiled out)", ratio($rp['rust_lock'], $rp['rust_lock_nostats'] ?? null), '>=', 0.95, 'x', 'within noise');
    $rp = array_map(fn($x) => $x['rps'], $wm['shared']);
    [$l, $lk] = best($rp, ['predis_lock', 'predis_p_lock']);
    target('Web same session: rustredis locked vs phpredis locked', ratio($rp['rust_lock'], $l), '>=', 1.5, 'x', 'anchor: ' . ($LABEL[$lk] ?? '?'));
}

// ---- 4. lost updates ----
$lost = $sel('lost');
if ($lost) {
    $out .= "## 4. Lost updates\n\n";
    $k = null; $body = [];
    foreach ($lost as $r) {
        $k = (int) $r[2];
        $body[] = [$LABEL[$r[1]], $r[2], $r[3], $r[4], is_numeric($r[3]) ? (string) ($k - (int) $r[3] - (int) $r[4]) : 'n/a'];
        if ($r[1] === 'rust_lock') { $rl = is_numeric($r[3]) ? (float) ($k - (int) $r[3]) : null; }
    }
    $out .= "$k requests incrementing one session's counter, 8 at a time, through nginx + php-fpm; final counter read afterwards.\n\n";
    $out .= table(['handler', 'requests', 'final counter', 'failed requests (non-200)', 'lost updates (requests - failed - counter)'], $body);
    target('Lost updates, rustredis locked (K - final counter)', $rl ?? null, '==', 0, '');
}

// ---- 5. hand-over ----
$ho = [];
foreach ($sel('handover') as $r) { $ho[$r[1]][] = num($r[2]); }
$hs = [];
foreach ($sel('handover_server') as $r) { $hs[$r[1]][] = num($r[2]); }
if ($ho) {
    $out .= "## 5. Lock hand-over\n\n";
    $out .= "A holder keeps the session ~50 ms while a waiter blocks in session_start(). *Server*: on Redis's clock "
        . "(MONITOR), from the holder's command that releases the lock to the waiter's `SET NX` that takes it. "
        . "*PHP*: from the holder's session_write_close() returning to the waiter's session_start() returning, "
        . "two processes on a 2-core machine, so it includes their scheduling (the files handler, which hands over "
        . "through the kernel, shows that noise floor).\n\n";
    $body = [];
    foreach ($H as $h) { if (isset($ho[$h])) {
        $sv = $hs[$h] ?? [];
        $body[] = [$LABEL[$h], (string) count($ho[$h]),
            $sv ? f(median($sv), 3) : '-', $sv ? f(pct($sv, 0.9), 3) : '-',
            f(median($ho[$h]), 3), f(pct($ho[$h], 0.9), 3), f(min($ho[$h]), 3), f(max($ho[$h]), 3)];
    } }
    $out .= table(['handler', 'trials', 'server median ms', 'server p90 ms', 'PHP median ms', 'PHP p90 ms', 'PHP min ms', 'PHP max ms'], $body);
    // rustredis hands over inside the release script (0 by construction on
    // the server): its hand-over is the PHP processes' view below.
    if (isset($hs['rust_lock'])) {
        target('Lock hand-over median (server), rustredis', median($hs['rust_lock']), '<=', 0.3, ' ms');
    }
    target('Lock hand-over median (PHP processes), rustredis', isset($ho['rust_lock']) ? median($ho['rust_lock']) : null, '<=', 0.3, ' ms');
}

// ---- 6. ceiling ----
$ce = [];
foreach ($sel('ceiling') as $r) { $ce[$r[2]][$r[1]][] = num($r[4]); }
if ($ce) {
    $out .= "## 6. Ceiling: redis-benchmark -c 1 -P 1 on the same redis-server\n\n";
    $out .= "Best possible cycles/s for 2 round trips = 1 / (1/GET + 1/SET); compared with the CLI existing-id cycles/s of section 1.\n\n";
    $body = [];
    foreach ($ce as $bytes => $x) {
        $g = median($x['GET'] ?? []); $s = median($x['SET'] ?? []);
        $ceil = ($g && $s) ? 1 / (1 / $g + 1 / $s) : null;
        $c = "$bytes/existing";
        $ru = $cliMed[$c]['rust'] ?? null; $rl = $cliMed[$c]['rust_lock'] ?? null;
        [$pu] = best($cliMed[$c] ?? [], ['predis', 'predis_p']);
        $body[] = [$bytes == 65536 ? '64 KiB' : "$bytes B", f($g), f($s), f($ceil), f($ru) . ' (' . rx(ratio($ceil, $ru)) . ')',
            f($rl) . ' (' . rx(ratio($ceil, $rl)) . ')', f($pu) . ' (' . rx(ratio($ceil, $pu)) . ')'];
        $lbl = $bytes == 65536 ? '64 KiB' : "$bytes B";
        target("Ceiling / rustredis unlocked, $lbl", ratio($ceil, $ru), '<=', 1.25);
        target("Ceiling / rustredis locked, $lbl", ratio($ceil, $rl), '<=', 1.25);
    }
    $out .= table(['payload', 'GET/s', 'SET/s', 'ceiling cycles/s', 'rustredis unlocked (ceiling/it)', 'rustredis locked (ceiling/it)', 'best phpredis unlocked (ceiling/it)'], $body);
}

// ---- 7. memory ----
$mem = [];
foreach ($sel('mem') as $r) { $mem[$r[1]][] = num($r[3]); }
if ($mem) {
    $out .= "## 7. Memory: VmRSS per php-fpm worker after the web runs\n\n";
    $body = [];
    $ref = median($mem['predis'] ?? []);
    foreach ($H as $h) { if (isset($mem[$h])) {
        $m = median($mem[$h]);
        $body[] = [$LABEL[$h], (string) count($mem[$h]), f($m / 1024, 1), f(max($mem[$h]) / 1024, 1), rx(ratio($m, $ref))];
    } }
    $out .= table(['handler', 'workers', 'median MiB', 'max MiB', 'vs phpredis'], $body);
}

// ---- 8. compression ----
$z = [];
foreach ($sel('compress') as $r) {
    // h codec kind rep cps fail wire stored mem
    $z[$r[3]][$r[2]][$r[1]]['cps'][] = num($r[5]);
    $z[$r[3]][$r[2]][$r[1]]['wire'][] = num($r[7]);
    $z[$r[3]][$r[2]][$r[1]]['stored'] = num($r[8]);
    $z[$r[3]][$r[2]][$r[1]]['mem'] = num($r[9]);
    if ((int) ($r[6] ?? 0) > 0) $z[$r[3]][$r[2]][$r[1]]['fail'] = 1;
}
if ($z) {
    $out .= "## 8. Compression: each codec, phpredis 6 and rustredis with the same setting\n\n";
    $out .= "CLI cycles over 100 existing sessions (session_start + modify + session_write_close), `compression_level` 3 (both's default). "
        . "Wire: bytes in and out of redis-server per cycle (its `total_net_input_bytes` + `total_net_output_bytes`). "
        . "Stored: `STRLEN` of one session (byte-identical for the same data: phpt 600/601; here the sessions' counters differ); memory: its `MEMORY USAGE`. Ratios: rustredis to phpredis with the same codec.\n\n";
    $kinds = ['hex64k' => '64 KiB (hex of random bytes, the CLI section\'s payload)', 'cart' => 'a realistic serialized array (cart + form)'];
    foreach ($kinds as $kind => $title) {
        if (!isset($z[$kind])) continue;
        $out .= "### $title\n\n";
        $body = [];
        foreach (['none', 'lzf', 'lz4', 'zstd'] as $codec) {
            $c = $z[$kind][$codec] ?? [];
            $m = fn ($h) => median($c[$h]['cps'] ?? []);
            $p = $m('predis');
            $ru = $m('rust'); $rl = $m('rust_lock');
            $body[] = [$codec, f($p), f($ru) . ' (' . rx(ratio($ru, $p)) . ')', f($rl) . ' (' . rx(ratio($rl, $p)) . ')',
                f(median($c['predis']['wire'] ?? [])), f(median($c['rust']['wire'] ?? [])),
                f($c['predis']['stored'] ?? null) . ' / ' . f($c['rust']['stored'] ?? null),
                f($c['rust']['mem'] ?? null)];
            if ($codec !== 'none') {
                target("Compression $codec, $kind: rustredis locked vs phpredis unlocked, same codec", ratio($rl, $p), '>=', 1.0);
            }
        }
        $out .= table(['codec', 'phpredis unlocked', 'rustredis unlocked', 'rustredis locked', 'wire B/cycle phpredis', 'wire B/cycle rustredis',
            'stored B phpredis / rustredis', 'MEMORY USAGE B'], $body);
    }
}

if ($targets) {
    $out .= "## Targets\n\n";
    $out .= table(['target', 'goal', 'measured', 'result', 'note'], $targets);
}
echo $out;
