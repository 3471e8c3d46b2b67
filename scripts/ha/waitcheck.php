<?php
// Requests with wait_replicas (session.save_path from the command line), one
// after the other, each timed:
//   --ids=a,b --label=L --expect=short|ok --bound-ms=N --port=P [--cluster=1]
//     [--replicas=N --timeout-ms=T]
// short: fewer replicas than asked. Each request must end within --bound-ms
//   with exactly one warning, "session written to Redis at tcp://127.0.0.1:PORT
//   ... but only K of N replicas confirmed it within T ms (rustredis
//   wait_replicas)", and afterwards its lock key must be gone and its data on
//   the master (read through --port, following cluster redirects).
// ok: enough replicas. Each request must end within --bound-ms, no warning.
// Prints PASS/FAIL lines with the measured times (median and maximum).
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$label = $o['label'];
$short = $o['expect'] === 'short';
$bound = (float) $o['bound-ms'];
$cluster = !empty($o['cluster']);
$port = (int) $o['port'];
$prefix = $cluster ? 'PHPREDIS_CLUSTER_SESSION:' : 'PHPREDIS_SESSION:';
$pattern = '/^session_write_close\(\): session written to Redis at tcp:\/\/127\.0\.0\.1:\d+ \(.*\) but only \d+ of '
    . (int) ($o['replicas'] ?? 0) . ' replicas confirmed it within ' . (int) ($o['timeout-ms'] ?? 0)
    . ' ms \(rustredis wait_replicas\)$/';
ha_record_warnings();
// The worker's connection is made once, before the timed requests (a fresh
// PHP process connects to the cluster first); it is reported apart.
$t0 = microtime(true);
session_id('hawarm' . bin2hex(random_bytes(6)));
session_start(['read_and_close' => true]);
$connectMs = (microtime(true) - $t0) * 1000;
$GLOBALS['ha_warnings'] = [];
$times = []; $bad = [];
foreach (explode(',', $o['ids']) as $id) {
    $GLOBALS['ha_warnings'] = [];
    $t0 = microtime(true);
    session_id($id);
    $started = session_start();
    $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
    $want = session_encode();
    session_write_close();
    $ms = (microtime(true) - $t0) * 1000;
    $times[] = $ms;
    // PHP adds its own "Failed to write session data" after ours.
    $ours = array_values(array_filter($GLOBALS['ha_warnings'], fn ($w) => !str_contains($w, 'Failed to write session data')));
    $key = $prefix . $id;
    $lock = $cluster ? '{' . $key . '}_LOCK' : $key . '_LOCK';
    $stored = $cluster ? ha_cluster_cmd($port, ['GET', $key]) : ha_cmd($port, ['GET', $key]);
    $locked = $cluster ? ha_cluster_cmd($port, ['EXISTS', $lock]) : ha_cmd($port, ['EXISTS', $lock]);
    $why = [];
    if (!$started) { $why[] = 'session_start() failed'; }
    if ($ms > $bound) { $why[] = sprintf('took %.0f ms > %.0f ms', $ms, $bound); }
    if ($short && (count($ours) !== 1 || !preg_match($pattern, $ours[0]))) { $why[] = 'warnings: ' . implode(' | ', $GLOBALS['ha_warnings']); }
    if (!$short && $GLOBALS['ha_warnings'] !== []) { $why[] = 'warnings: ' . implode(' | ', $GLOBALS['ha_warnings']); }
    if ($stored !== $want) { $why[] = 'stored ' . var_export($stored, true) . ', wrote ' . var_export($want, true); }
    if ($locked !== 0) { $why[] = 'lock key left behind'; }
    if ($why) { $bad[] = "$id: " . implode('; ', $why); }
}
sort($times);
$median = $times[intdiv(count($times), 2)];
$summary = sprintf('%d requests, median %.1f ms, max %.1f ms (bound %.0f ms; connecting first: %.1f ms)', count($times), $median, end($times), $bound, $connectMs);
if ($bad) {
    echo "FAIL [$label] $summary: " . implode(' || ', array_slice($bad, 0, 3)) . "\n";
    exit(1);
}
echo "PASS [$label] $summary" . ($short ? ', each with the pinned warning, lock released, data on the master' : ', no warning') . "\n";
