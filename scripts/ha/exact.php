<?php
// After shared load generators (load.php --shared=1) ran on the same sessions:
// every session's final counter must equal its acknowledged increments, give
// or take requests that got an error (their write may or may not have
// landed), and no lock key may be left on any master.
//   --ids=a,b --logs=f1,f2 --nodes=P1,P2,... --label=L
// (session.save_path from the command line.) Prints PASS/FAIL lines.
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$label = $o['label'];
$acked = []; $failed = []; $errors = []; $requests = 0;
foreach (explode(',', $o['logs']) as $f) {
    foreach (ha_read_log($f) as [, , $id, $ok, , $warning]) {
        $requests++;
        if ($ok) {
            $acked[$id] = ($acked[$id] ?? 0) + 1;
        } else {
            $failed[$id] = ($failed[$id] ?? 0) + 1;
            $errors[$warning] = ($errors[$warning] ?? 0) + 1;
        }
    }
}
ha_record_warnings();
$bad = []; $exact = 0; $landed = 0;
foreach (explode(',', $o['ids']) as $id) {
    session_id($id);
    if (!session_start(['read_and_close' => true])) {
        $bad[] = "$id unreadable: " . implode(' | ', $GLOBALS['ha_warnings']);
        continue;
    }
    $final = (int) ($_SESSION['n'] ?? 0);
    $lo = $acked[$id] ?? 0; $hi = $lo + ($failed[$id] ?? 0);
    if ($final < $lo || $final > $hi) {
        $bad[] = "$id: final $final, acknowledged $lo, failed " . ($failed[$id] ?? 0);
    } elseif ($final === $lo) {
        $exact++;
    } else {
        $landed += $final - $lo;
    }
}
$nfailed = array_sum($failed);
arsort($errors);
$top = implode(' | ', array_map(fn ($w, $n) => "{$n}x $w", array_keys(array_slice($errors, 0, 3, true)), array_slice($errors, 0, 3)));
$sessions = count(explode(',', $o['ids']));
if ($bad) {
    echo "FAIL [$label] counters: " . implode('; ', array_slice($bad, 0, 5)) . "\n";
} else {
    echo "PASS [$label] $sessions sessions, $requests requests, " . array_sum($acked)
        . " acknowledged increments: every counter exact ($exact exact, $landed writes of failed requests landed)\n";
}
echo "INFO [$label] $nfailed of $requests requests failed during the migration" . ($top ? ": $top" : '') . "\n";
$left = [];
foreach (explode(',', $o['nodes']) as $p) {
    try {
        $role = ha_cmd((int) $p, ['ROLE']);
    } catch (RuntimeException $e) {
        continue; // a node the test killed
    }
    if (!is_array($role) || $role[0] !== 'master') { continue; }
    foreach (ha_cmd((int) $p, ['KEYS', '*_LOCK']) as $k) { $left[] = "$k on :$p"; }
}
echo ($left ? 'FAIL' : 'PASS') . " [$label] " . ($left ? count($left) . ' lock keys left: ' . implode(', ', array_slice($left, 0, 5)) : 'no lock key left on any master') . "\n";
