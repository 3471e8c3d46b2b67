<?php
// Reads every session named in the --acked files (JSON from load.php) through the
// extension and checks that its counter is at least the last acknowledged value.
// Prints JSON: sessions checked, lost ("id: acknowledged N, read M"), unreadable, values.
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
ha_record_warnings();
$want = [];
foreach (explode(',', $o['acked']) as $f) {
    $j = json_decode(file_get_contents($f), true);
    foreach ($j['acked'] as $id => $n) { $want[$id] = max($want[$id] ?? 0, $n); }
}
$bad = []; $unreadable = [];
foreach ($want as $id => $n) {
    $got = null;
    for ($try = 0; $try < 20 && $got === null; $try++) {
        $GLOBALS['ha_warnings'] = [];
        session_id((string) $id);
        if (@session_start(['read_and_close' => true]) && $GLOBALS['ha_warnings'] === []) {
            $got = (int) ($_SESSION['n'] ?? 0);
        } else {
            usleep(100000);
        }
        $_SESSION = [];
    }
    if ($got === null) { $unreadable[] = "$id (" . implode(' | ', $GLOBALS['ha_warnings']) . ')'; continue; }
    $values[$id] = $got;
    if ($got < $n) { $bad[] = "$id: acknowledged $n, read $got"; }
}
echo json_encode(['sessions' => count($want), 'lost' => $bad, 'unreadable' => $unreadable, 'values' => $values ?? []]), "\n";
