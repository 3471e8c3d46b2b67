<?php
// Scripted browser for the demo (PHP CLI, no curl): keeps the session cookie
// in a file, prints one line of detail, exits 0 when the check passed.
//
//   client.php login    COOKIES URL NAME
//   client.php alternate COOKIES USER N URL...   N requests, round robin
//   client.php parallel COOKIES N URL...         N concurrent ?incr=1
//   client.php incr     COOKIES URL              (one increment; used by parallel)
//   client.php show     COOKIES URL USER COUNT   expect this user and count
//   client.php down     COOKIES URL              expect "session store unavailable"
//   client.php ping     URL                      expect the server to answer

/** GET $url with the cookie from $jar; returns [status, fields]. */
function get(string $url, ?string $jar): array
{
    $headers = [];
    if ($jar !== null && is_file($jar) && ($sid = trim(file_get_contents($jar))) !== '') {
        $headers[] = "Cookie: PHPSESSID=$sid";
    }
    $context = stream_context_create(['http' => [
        'header' => $headers, 'ignore_errors' => true, 'timeout' => 15,
    ]]);
    $body = @file_get_contents($url, false, $context);
    if ($body === false) {
        return [0, ['error' => 'no answer from ' . $url]];
    }
    $status = (int) explode(' ', $http_response_header[0])[1];
    foreach ($http_response_header as $h) {
        if ($jar !== null && preg_match('/^Set-Cookie: PHPSESSID=([^;]*)/i', $h, $m)) {
            file_put_contents($jar, $m[1]);
        }
    }
    $fields = [];
    foreach (explode("\n", trim($body)) as $line) {
        [$k, $v] = array_pad(explode('=', $line, 2), 2, '');
        $fields[$k] = $v;
    }
    return [$status, $fields];
}

function done(bool $ok, string $detail): never
{
    echo $detail, "\n";
    exit($ok ? 0 : 1);
}

$cmd = $argv[1] ?? '';
switch ($cmd) {
    case 'login':
        [, $jar, $url, $name] = array_slice($argv, 1);
        [$st, $f] = get("$url/?login=" . urlencode($name), $jar);
        done($st === 200 && ($f['user'] ?? '') === $name,
            "HTTP $st from {$f['server']}: user={$f['user']} session={$f['session']}");

    case 'alternate':
        [, $jar, $user, $n] = array_slice($argv, 1, 4);
        $urls = array_slice($argv, 5);
        $seen = [];
        $ok = true;
        for ($i = 0; $i < (int) $n; $i++) {
            [$st, $f] = get($urls[$i % count($urls)], $jar);
            $seen[] = ($f['server'] ?? '?') . ':' . ($f['user'] ?? $f['error'] ?? '?');
            $ok = $ok && $st === 200 && ($f['user'] ?? '') === $user;
        }
        done($ok, implode(' ', $seen));

    case 'incr':
        [, $jar, $url] = array_slice($argv, 1);
        [$st, $f] = get("$url/?incr=1", $jar);
        done($st === 200, "HTTP $st {$f['server']} count=" . ($f['count'] ?? '?'));

    case 'parallel':
        [, $jar, $n] = array_slice($argv, 1, 3);
        $urls = array_slice($argv, 4);
        [, $before] = get($urls[0], $jar);
        $start = microtime(true);
        $procs = [];
        for ($i = 0; $i < (int) $n; $i++) {
            $url = $urls[$i % count($urls)];
            $procs[] = proc_open([PHP_BINARY, '-n', __FILE__, 'incr', $jar, $url],
                [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            $out[] = $pipes;
        }
        $failed = 0;
        foreach ($procs as $i => $p) {
            stream_get_contents($out[$i][1]);
            stream_get_contents($out[$i][2]);
            $failed += proc_close($p) === 0 ? 0 : 1;
        }
        $ms = (int) round((microtime(true) - $start) * 1000);
        [, $after] = get($urls[0], $jar);
        $b = (int) ($before['count'] ?? -1);
        $a = (int) ($after['count'] ?? -1);
        done($failed === 0 && $a - $b === (int) $n,
            "counter $b -> $a (+" . ($a - $b) . " of $n, $failed failed requests, {$ms} ms, "
            . count($urls) . ' servers)');

    case 'show':
        [, $jar, $url, $user, $count] = array_slice($argv, 1);
        [$st, $f] = get($url, $jar);
        done($st === 200 && ($f['user'] ?? '') === $user && ($f['count'] ?? '') === $count,
            "HTTP $st from " . ($f['server'] ?? '?') . ': user=' . ($f['user'] ?? $f['error'] ?? '?')
            . ' count=' . ($f['count'] ?? '?'));

    case 'down':
        [, $jar, $url] = array_slice($argv, 1);
        [$st, $f] = get($url, $jar);
        done($st === 503 && ($f['error'] ?? '') === 'session store unavailable',
            "HTTP $st from " . ($f['server'] ?? '?') . ': ' . ($f['error'] ?? 'user=' . ($f['user'] ?? '?')));

    case 'ping':
        [, $url] = array_slice($argv, 1);
        [$st, $f] = get("$url/?ping=1", null);
        done($st === 200 && isset($f['pong']), "HTTP $st from " . ($f['server'] ?? '?') . ': '
            . (isset($f['pong']) ? 'pong' : ($f['error'] ?? '?')));

    default:
        fwrite(STDERR, "usage: see the top of " . __FILE__ . "\n");
        exit(2);
}
