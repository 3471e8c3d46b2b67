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

const TIMEOUT = 30.0;

/** The raw HTTP/1.0 request for $method $url, with the jar's cookie. */
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

/** Parses a raw response; updates the jar from Set-Cookie. Returns [status, fields]. */
function parse(string $raw, ?string $jar): array
{
    if ($raw === '') {
        return [0, ['error' => 'no answer']];
    }
    [$head, $body] = array_pad(explode("\r\n\r\n", $raw, 2), 2, '');
    $lines = explode("\r\n", $head);
    $status = (int) (explode(' ', $lines[0])[1] ?? 0);
    $fields = [];
    foreach ($lines as $h) {
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
    return [$status, $fields];
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
            . ", session cookie $sid");

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

    default:
        fwrite(STDERR, "usage: see the top of " . __FILE__ . "\n");
        exit(2);
}
