--TEST--
stats() and metrics() per server of the save path (labels without passwords), totals the sum plus what no server was named for; the metrics text parsed by Prometheus's own parser
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
$servers = [
    'A' => [rr_path(), 3],
    'B' => [rr_path('', 'B'), 2],
    'AUTH' => [rr_path('auth[]=alice&auth[]=wonderland', 'AUTH'), 1],
];
$ids = [];
foreach ($servers as [$path, $n]) {
    ini_set('session.save_path', $path);
    for ($i = 0; $i < $n; $i++) {
        session_id($ids[] = rr_id('perserver'));
        session_start();
        $_SESSION['x'] = $i;
        session_write_close();
    }
}
ini_set('session.save_path', rr_path());
session_id('bad!id');
@session_start();                  // refused before any server: "(other)"
$s = RustRedis\stats();
$sum = 0;
foreach ($servers as $name => [$path, $n]) {
    $label = preg_replace('/\?.*/', '', $path);
    $row = $s['servers'][$label] ?? null;
    if ($row === null) { echo "$name: no row for $label among ", implode(', ', array_keys($s['servers'])), "\n"; continue; }
    $sum += $row['sessions_opened'];
    printf("%s: opened %d, writes %d, locks %d, connections %d, maxmemory_policy %s, evicts_sessions %s\n",
        $name, $row['sessions_opened'], $row['writes'], $row['locks_taken'], $row['connections_opened'],
        $row['maxmemory_policy'], var_export($row['evicts_sessions'], true));
}
printf("total opened %d: %d on the servers + 1 without one\n", $s['sessions_opened'], $sum);
echo 'no password or id in stats: ', var_export(!preg_match('/wonderland|' . implode('|', $ids) . '/', json_encode($s)), true), "\n";

// The metrics text, through prometheus_client's parser (scripts/lib/check-metrics.py).
$cmd = [__DIR__ . '/../scripts/lib/check-metrics.py', '--forbid', 'wonderland'];
foreach ($ids as $id) { $cmd[] = '--forbid'; $cmd[] = $id; }
$p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
fwrite($pipes[0], RustRedis\metrics());
fclose($pipes[0]);
$json = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
echo 'parser: exit ', proc_close($p), $err === '' ? '' : ": $err", "\n";
$m = json_decode($json, true);
echo 'metrics: sessions opened ', $m['totals']['rustredis_sessions_opened'] ?? '?',
    ', writes ', $m['totals']['rustredis_writes'] ?? '?',
    ', errors without a server ', $m['servers']['(other)']['rustredis_errors'] ?? '?',
    ', B writes ', $m['servers'][preg_replace('/\?.*/', '', $servers['B'][0])]['rustredis_writes'] ?? '?', "\n";
?>
--EXPECT--
A: opened 3, writes 3, locks 3, connections 1, maxmemory_policy noeviction, evicts_sessions false
B: opened 2, writes 2, locks 2, connections 1, maxmemory_policy noeviction, evicts_sessions false
AUTH: opened 1, writes 1, locks 1, connections 1, maxmemory_policy noeviction, evicts_sessions false
total opened 7: 6 on the servers + 1 without one
no password or id in stats: true
parser: exit 0
metrics: sessions opened 7, writes 6, errors without a server 1, B writes 2
