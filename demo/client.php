<?php
// The demo's scripted client (PHP CLI, plain sockets: no curl needed). It
// keeps the session cookie in a file (the "cookie jar"), talks to the load
// balancer with ?fmt=text, prints one line of detail and exits 0 when the
// check passed. Used by scripts/demo.sh, one command per step:
//
//   client.php login     JAR URL NAME             log in as NAME
//   client.php alternate JAR URL USER N           N requests: USER everywhere, servers alternate
//   client.php only      JAR URL USER N SERVER    N requests: USER everywhere, all from SERVER
//   client.php back      JAR URL USER SERVER      SERVER answers again (within 40 requests), USER
//   client.php parallel  JAR URL N exact|lost [nolock]   N concurrent increments of the counter
//   client.php down      JAR URL                  every server: HTTP 503 "session store unavailable"
//   client.php show      JAR URL USER COUNT       one request: USER, COUNT (* = any)
//   client.php logout    JAR URL                  log out: the next request is anonymous
//   client.php ping      URL                      the load balancer answers
//   client.php stats-save URL FILE                both pools' /stats: their sums saved to FILE
//   client.php stats     URL N [FILE]             both pools' /stats: scope pool, and since FILE's
//                                                 sums >= N more locks taken and writes, more waits
//   client.php metrics   URL SERVER NAME...       SERVER's /metrics (Prometheus text): NAME's samples
//
// No session id is printed: only its fingerprint ("#" and 12 hex digits of
// its SHA-256, as rustredis's own warnings name a session).

const TIMEOUT = 30.0;

/** The raw HTTP/1.0 request for $method $url, with the jar's cookie. */
require_once __DIR__ . '/histogram.php';

function build(string $method, string $url, ?array $post, ?string $jar): array
{
    $u = parse_url($url);
    $path = ($u['path'] ?? '/') . (isset($u['query']) ? '?' . $u['query'] : '');
    $req = "$method $path HTTP/1.0\r\nHost: {$u['host']}:{$u['port']}\r\nConnection: close\r\n";
    if ($jar !== null && is_file($jar) && ($sid = trim(file_get_contents($jar))) !== '') {
        $req .= "Cookie: PHPSESSID=$sid\r\n";
    }
    $body = $post === null ? '' : http_build_query($post);
    if ($post !== null) {
        $req .= "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " . strlen($body) . "\r\n";
    }
    return ["tcp://{$u['host']}:{$u['port']}", "$req\r\n$body"];
}

/** How rustredis names session $id in warnings: "#" + 12 hex of its SHA-256. */
function fp(string $id): string
{
    return '#' . substr(hash('sha256', $id), 0, 12);
}

/**
 * Parses a raw response; updates the jar from Set-Cookie. Returns [status,
 * fields, body, content type].
 */
function parse(string $raw, ?string $jar): array
{
    if ($raw === '') {
        return [0, ['error' => 'no answer']];
    }
    [$head, $body] = array_pad(explode("\r\n\r\n", $raw, 2), 2, '');
    $lines = explode("\r\n", $head);
    $status = (int) (explode(' ', $lines[0])[1] ?? 0);
    $fields = [];
    $type = '';
    foreach ($lines as $h) {
        if (preg_match('/^Content-Type: (.*)$/i', $h, $m)) {
            $type = trim($m[1]);
        }
        if ($jar !== null && preg_match('/^Set-Cookie: PHPSESSID=([^;]*)/i', $h, $m)) {
            $sid = $m[1] === 'deleted' ? '' : $m[1];
            file_put_contents($jar, $sid);
        }
        if (preg_match('/^X-Demo-Server: (.*)$/i', $h, $m)) {
            $fields['server'] = trim($m[1]);
        }
    }
    foreach (explode("\n", trim($body)) as $line) {
        if (str_contains($line, '=')) {
            [$k, $v] = explode('=', $line, 2);
            $fields[$k] = $v;
        }
    }
    return [$status, $fields, $body, $type];
}

/** Sends the requests [[method, url, post], ...] at once; returns their [status, fields]. */
function send_all(array $reqs, ?string $jar): array
{
    $socks = $bufs = $out = [];
    foreach ($reqs as $i => [$method, $url, $post]) {
        [$addr, $data] = build($method, $url, $post, $jar);
        $s = @stream_socket_client($addr, $errno, $errstr, 5);
        if ($s === false) {
            $out[$i] = [0, ['error' => "cannot connect: $errstr"]];
            continue;
        }
        fwrite($s, $data);
        stream_set_blocking($s, false);
        $socks[$i] = $s;
        $bufs[$i] = '';
    }
    $deadline = microtime(true) + TIMEOUT;
    while ($socks && microtime(true) < $deadline) {
        $r = array_values($socks);
        $w = $e = null;
        if (stream_select($r, $w, $e, 1) === false) {
            break;
        }
        foreach ($socks as $i => $s) {
            if (!in_array($s, $r, true)) {
                continue;
            }
            $chunk = fread($s, 65536);
            if ($chunk !== false && $chunk !== '') {
                $bufs[$i] .= $chunk;
            } elseif (feof($s)) {
                fclose($s);
                unset($socks[$i]);
            }
        }
    }
    foreach ($bufs as $i => $raw) {
        $out[$i] = isset($socks[$i]) ? [0, ['error' => 'timed out']] : parse($raw, $jar);
    }
    ksort($out);
    return $out;
}

function get(string $url, ?string $jar): array
{
    return send_all([['GET', $url, null]], $jar)[0];
}

function post(string $url, array $data, ?string $jar): array
{
    return send_all([['POST', $url, $data]], $jar)[0];
}

/**
 * GET $path (no cookie: no session) through the load balancer until each of
 * $servers answered (round robin: a few requests); returns server => response.
 */
function from_each(string $base, string $path, array $servers): array
{
    $got = [];
    for ($i = 0; $i < 20 && count($got) < count($servers); $i++) {
        $r = get($base . $path, null);
        $s = $r[1]['server'] ?? '?';
        if (in_array($s, $servers, true) && !isset($got[$s])) {
            $got[$s] = $r;
        }
        if ($r[0] !== 200) {
            usleep(100000);
        }
    }
    ksort($got);
    return $got;
}

/** Both pools' /stats as server => fields; "" and the reason when one is missing. */
function pool_stats(string $base): array
{
    $got = from_each($base, '/stats?fmt=text', ['web1', 'web2']);
    $out = [];
    foreach ($got as $server => [$st, $f]) {
        if ($st !== 200 || !isset($f['locks_taken'])) {
            return [[], "HTTP $st from $server: " . ($f['error'] ?? 'no stats')];
        }
        $out[$server] = $f;
    }
    return count($out) === 2 ? [$out, ''] : [[], 'no answer from ' . implode(' and ', array_diff(['web1', 'web2'], array_keys($out)))];
}

/** The counters and wait buckets of the pools, added up. */
function sums(array $pools): array
{
    $sum = [];
    foreach ($pools as $f) {
        foreach ($f as $k => $v) {
            if (preg_match('/^(?:[a-z_]+|lock_wait_ms\.[0-9+Inf]+)$/', $k) && is_numeric($v)) {
                $sum[$k] = ($sum[$k] ?? 0) + (int) $v;
            }
        }
    }
    return $sum;
}

/** The bucket holding the median of the lock_wait_ms.* counts $c ("<=5 ms"). */
function median(array $c): string
{
    $b = [];
    foreach ($c as $k => $v) {
        if (str_starts_with($k, 'lock_wait_ms.')) {
            $b[substr($k, 13)] = (int) $v;
        }
    }
    return median_bucket($b);
}

function done(bool $ok, string $detail): never
{
    echo $detail, "\n";
    exit($ok ? 0 : 1);
}

/** "web1:alice" for the transcript. */
function brief(array $r): string
{
    [$st, $f] = $r;
    $who = $f['user'] ?? $f['error'] ?? '?';
    return ($f['server'] ?? '?') . ($st === 200 ? '' : "($st)") . ":$who";
}

$cmd = $argv[1] ?? '';
$jar = $argv[2] ?? null;
$base = rtrim($argv[3] ?? '', '/');
$page = "$base/?fmt=text";
switch ($cmd) {
    case 'login':
        $name = $argv[4];
        $r = post($page, ['action' => 'login', 'user' => $name], $jar);
        $sid = is_file($jar) ? trim(file_get_contents($jar)) : '';
        done($r[0] === 200 && ($r[1]['user'] ?? '') === $name && $sid !== '',
            "HTTP {$r[0]} from " . ($r[1]['server'] ?? '?') . ': user=' . ($r[1]['user'] ?? '?')
            . ', session cookie set (session ' . ($sid === '' ? 'none' : fp($sid)) . ')');

    case 'alternate':
    case 'only':
        [$user, $n] = [$argv[4], (int) $argv[5]];
        $want = $argv[6] ?? null;
        $seen = [];
        $ok = true;
        $prev = null;
        for ($i = 0; $i < $n; $i++) {
            $r = get($page, $jar);
            $seen[] = brief($r);
            $server = $r[1]['server'] ?? '?';
            $ok = $ok && $r[0] === 200 && ($r[1]['user'] ?? '') === $user
                && ($cmd === 'only' ? $server === $want : $server !== $prev);
            $prev = $server;
        }
        done($ok, implode(' ', $seen));

    case 'back':
        [$user, $want] = [$argv[4], $argv[5]];
        $seen = [];
        $t = microtime(true);
        for ($i = 0; $i < 40; $i++) {
            $r = get($page, $jar);
            $seen[] = brief($r);
            if (($r[1]['server'] ?? '') === $want) {
                break;
            }
            usleep(100000);
        }
        $r2 = get($page, $jar); // and the other one still serves it too
        $seen[] = brief($r2);
        $ok = ($r[1]['server'] ?? '') === $want && $r[0] === 200 && ($r[1]['user'] ?? '') === $user
            && $r2[0] === 200 && ($r2[1]['user'] ?? '') === $user;
        $tail = count($seen) > 6 ? '... ' . implode(' ', array_slice($seen, -6)) : implode(' ', $seen);
        done($ok, $tail . sprintf(' (%s back after %.1f s, %d requests)', $want, microtime(true) - $t, count($seen) - 1));

    case 'parallel':
        [$n, $expect] = [(int) $argv[4], $argv[5]];
        $nolock = ($argv[6] ?? '') === 'nolock';
        [, $before] = get($page, $jar);
        $url = $page . ($nolock ? '&nolock=1' : '');
        $t = microtime(true);
        $res = send_all(array_fill(0, $n, ['POST', $url, ['action' => 'incr']]), $jar);
        $ms = (int) round((microtime(true) - $t) * 1000);
        $ok200 = count(array_filter($res, fn ($r) => $r[0] === 200));
        $by = array_count_values(array_map(fn ($r) => $r[1]['server'] ?? '?', $res));
        ksort($by);
        $locking = array_unique(array_map(fn ($r) => $r[1]['locking'] ?? '?', $res));
        [, $after] = get($page, $jar);
        $b = (int) ($before['count'] ?? -1);
        $a = (int) ($after['count'] ?? -1);
        $d = $a - $b;
        $ok = $ok200 === $n && ($expect === 'exact' ? $d === $n : $d < $n);
        $lost = $n - $d;
        done($ok, "counter $b -> $a: +$d of $n" . ($lost > 0 ? ", $lost updates LOST" : ', none lost')
            . " ($ok200 x HTTP 200, " . implode(' ', array_map(fn ($k, $v) => "$k:$v", array_keys($by), $by))
            . ", locking_enabled=" . implode(',', $locking) . ", {$ms} ms)");

    case 'down':
        $seen = [];
        $servers = [];
        $ok = true;
        for ($i = 0; $i < 2; $i++) {
            [$st, $f] = get($page, $jar);
            $seen[] = "HTTP $st from " . ($f['server'] ?? '?') . ': ' . ($f['error'] ?? 'user=' . ($f['user'] ?? '?'))
                . ' (handler ' . ($f['handler'] ?? '?') . ')';
            $servers[$f['server'] ?? '?'] = true;
            $ok = $ok && $st === 503 && ($f['error'] ?? '') === 'session store unavailable'
                && ($f['handler'] ?? '') === 'rustredis';
        }
        done($ok && count($servers) === 2, implode('; ', $seen));

    case 'show':
        [$user, $count] = [$argv[4], $argv[5]];
        $r = get($page, $jar);
        done($r[0] === 200 && ($r[1]['user'] ?? '') === $user && ($count === '*' || ($r[1]['count'] ?? '') === $count),
            "HTTP {$r[0]} from " . ($r[1]['server'] ?? '?') . ': user=' . ($r[1]['user'] ?? $r[1]['error'] ?? '?')
            . ' count=' . ($r[1]['count'] ?? '?'));

    case 'logout':
        $r = post($page, ['action' => 'logout'], $jar);
        $sid = is_file($jar) ? trim(file_get_contents($jar)) : '';
        $r2 = get($page, $jar);
        done($r[0] === 200 && $sid === '' && ($r2[1]['user'] ?? '') === '(not logged in)',
            "HTTP {$r[0]} from " . ($r[1]['server'] ?? '?') . ': cookie cleared; next request ('
            . ($r2[1]['server'] ?? '?') . '): user=' . ($r2[1]['user'] ?? '?'));

    case 'ping':
        $r = get(rtrim($argv[2] ?? '', '/') . '/?ping=1&fmt=text', null);
        done($r[0] === 200 && isset($r[1]['pong']), "HTTP {$r[0]} from " . ($r[1]['server'] ?? '?'));

    case 'stats-save':
    case 'stats':
        $base = rtrim($argv[2] ?? '', '/');
        [$pools, $why] = pool_stats($base);
        if ($pools === []) {
            done(false, $why);
        }
        $sum = sums($pools);
        if ($cmd === 'stats-save') {
            file_put_contents($argv[3], json_encode($sum));
            done(true, sprintf('%d sessions opened, %d locks taken, %d lock waits, %d writes (web1 + web2)',
                $sum['sessions_opened'], $sum['locks_taken'], $sum['lock_waits'], $sum['writes']));
        }
        $n = (int) ($argv[3] ?? 0);
        $base0 = isset($argv[4]) ? json_decode((string) file_get_contents($argv[4]), true) : [];
        $lines = [];
        $ok = true;
        foreach ($pools as $server => $f) {
            $ok = $ok && $f['scope'] === 'pool';
            $lines[] = sprintf('%s (scope=%s): %d sessions opened, %d locks taken, %d waits (median %s), %d writes, %d errors',
                $server, $f['scope'], $f['sessions_opened'], $f['locks_taken'], $f['lock_waits'], median($f),
                $f['writes'], array_sum(array_map(fn ($k) => (int) $f[$k], preg_grep('/^errors_/', array_keys($f)))));
        }
        $d = fn (string $k) => $sum[$k] - (int) ($base0[$k] ?? 0);
        $waitDelta = [];
        foreach ($sum as $k => $v) {
            if (str_starts_with($k, 'lock_wait_ms.')) {
                $waitDelta[$k] = $v - (int) ($base0[$k] ?? 0);
            }
        }
        $ok = $ok && $d('locks_taken') >= $n && $sum['lock_waits'] > 0 && $d('lock_waits') > 0 && $d('writes') >= $n;
        $both = fn (string $k, string $what, string $cond = '') => sprintf('%d %s (%d before + %d%s)',
            $sum[$k], $what, $sum[$k] - $d($k), $d($k), $cond);
        $lines[] = "both (+ = in the two $n-request steps): " . implode(', ', [
            $both('locks_taken', 'locks taken', ", >= $n"),
            $both('lock_waits', 'waits', ', > 0; median ' . median($waitDelta)),
            $both('writes', 'writes', ", >= $n"),
            $both('sessions_opened', 'sessions opened'),
        ]);
        done($ok, implode("\n", $lines));

    case 'metrics':
        $base = rtrim($argv[2] ?? '', '/');
        [$want, $names] = [$argv[3], array_slice($argv, 4)];
        $got = from_each($base, '/metrics', [$want]);
        if (!isset($got[$want])) {
            done(false, "no answer from $want");
        }
        [$st, , $body, $type] = $got[$want];
        $samples = preg_grep('/^[a-z_]+[{ ]/', explode("\n", $body));
        $metrics = count(preg_grep('/^# TYPE /', explode("\n", $body)));
        $lines = ["HTTP $st from $want, Content-Type: $type; " . count($samples) . " samples of $metrics metrics,"
            . ' among them (rows of server="(other)" left out):'];
        $ok = $st === 200 && str_contains($type, 'version=0.0.4');
        foreach ($names as $name) {
            $found = preg_grep('/^' . preg_quote($name, '/') . '[{ ]/', $samples);
            $ok = $ok && $found !== [];
            $found = preg_grep('/server="\(other\)"/', $found, PREG_GREP_INVERT) ?: $found;
            array_push($lines, ...($found ?: ["$name: (missing)"]));
        }
        done($ok, implode("\n", $lines));

    default:
        fwrite(STDERR, "usage: see the top of " . __FILE__ . "\n");
        exit(2);
}
