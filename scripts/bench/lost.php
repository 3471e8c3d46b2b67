<?php
// Lost updates: K requests that each increment the counter of ONE session,
// C at a time, through the web stack; prints "<final counter> <non-200 count>".
//   php -n lost.php PORT K C
require __DIR__ . '/common.php';
[$self, $port, $k, $conc] = $argv;
$port = (int) $port; $k = (int) $k; $conc = (int) $conc;
$sid = 'lost' . bin2hex(random_bytes(10));

function http_open(int $port, string $sid, string $query = '') {
    $s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    if (!$s) { throw new RuntimeException("connect 127.0.0.1:$port: $errstr"); }
    fwrite($s, "GET /index.php$query HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: PHPSESSID=$sid\r\nConnection: close\r\n\r\n");
    return $s;
}
function http_status(string $resp): int { return (int) (explode(' ', $resp, 3)[1] ?? 0); }

$open = []; $buf = []; $sent = 0; $bad = 0; $done = 0;
$deadline = microtime(true) + 120;
while ($done < $k && microtime(true) < $deadline) {
    while (count($open) < $conc && $sent < $k) {
        $s = http_open($port, $sid);
        $open[(int) $s] = $s; $buf[(int) $s] = ''; $sent++;
    }
    $r = array_values($open); $w = $e = null;
    if (!stream_select($r, $w, $e, 1)) { continue; }
    foreach ($r as $s) {
        $d = fread($s, 65536);
        if ($d !== '' && $d !== false) { $buf[(int) $s] .= $d; }
        if (feof($s)) {
            if (http_status($buf[(int) $s]) !== 200) { $bad++; }
            fclose($s); unset($open[(int) $s], $buf[(int) $s]); $done++;
        }
    }
}
$s = http_open($port, $sid, '?read=1');
$resp = stream_get_contents($s);
$body = trim(substr($resp, strpos($resp, "\r\n\r\n") + 4));
printf("%d %d\n", (int) $body, $bad + ($k - $done));
