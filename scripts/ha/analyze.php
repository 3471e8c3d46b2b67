<?php
// Measures what the load generators saw around a fault and prints PASS/FAIL lines.
//   --label=NAME --logs=a.log,b.log --fault=UNIX_TS --bound=SECONDS
//   [--affected=FILE]  ids (one a line) expected to fail; every other id must never fail
//   [--switch=UNIX_TS] when the topology change became visible (sentinel/cluster), for the report
//   [--max-fail=N]     failures allowed (default: any within the bound)
//   [--report-only=1]  print the outage against the bound without asserting it
// Exit status 1 on any FAIL.
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$label = $o['label'];
$fault = (float) $o['fault'];
$bound = (float) $o['bound'];
$rows = [];
foreach (explode(',', $o['logs']) as $f) { $rows = array_merge($rows, ha_read_log($f)); }
usort($rows, fn($a, $b) => $a[1] <=> $b[1]);
$affected = null;
if (!empty($o['affected'])) {
    $affected = array_flip(file($o['affected'], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES));
}
$fails = 0; $before = 0; $other = 0; $otherWarn = [];
$firstFail = null; $lastFail = null; $recovered = null; $warns = [];
$okAfter = 0; $failAfterRecovery = 0;
foreach ($rows as [$t0, $t1, $id, $ok, $n, $w]) {
    $mine = $affected === null || isset($affected[$id]);
    if (!$ok) {
        $fails++;
        $key = preg_replace('/[0-9a-f]{16,}|\b\d+(\.\d+)?\b/', '#', $w);
        $warns[$key] = ($warns[$key] ?? 0) + 1;
        if ($t1 < $fault) { $before++; continue; }
        if (!$mine) { $other++; $otherWarn[] = "$id: $w"; continue; }
        $firstFail ??= max($t0, $fault);
        if ($recovered !== null) { $failAfterRecovery++; }
        $lastFail = $t1;
    } elseif ($mine && $firstFail !== null && $recovered === null) {
        $recovered = $t1;
    }
    if ($ok && $t0 >= $fault) { $okAfter++; }
}
$status = 0;
$say = function (bool $pass, string $what) use ($label, &$status) {
    echo ($pass ? 'PASS' : 'FAIL') . " [$label] $what\n";
    if (!$pass) { $status = 1; }
};
$switch = isset($o['switch']) && $o['switch'] !== '' ? (float) $o['switch'] : null;
printf("INFO [%s] requests=%d failed=%d (before fault %d)%s\n", $label, count($rows), $fails, $before,
    $switch !== null ? sprintf(' topology change visible %.3f s after fault', $switch - $fault) : '');
foreach (array_slice($warns, 0, 6, true) as $w => $c) { printf("INFO [%s] %5dx %s\n", $label, $c, substr($w, 0, 300)); }
$say($before === 0, "no failure before the fault (saw $before)");
if ($firstFail === null) {
    $say($okAfter > 0, "no request failed; $okAfter succeeded after the fault");
} else {
    $outage = ($recovered ?? $lastFail) - $firstFail;
    $span = $lastFail - $firstFail;
    $extra = $switch !== null && $recovered !== null ? sprintf(', first success %.3f s after the topology change', $recovered - $switch) : '';
    printf("INFO [%s] first failure %.3f s after fault; first success after it %s%s\n", $label, $firstFail - $fault,
        $recovered === null ? 'NEVER' : sprintf('%.3f s after fault', $recovered - $fault), $extra);
    $sayBound = empty($o['report-only']) ? $say : function (bool $pass, string $what) use ($label) {
        echo "INFO [$label] (not asserted) " . ($pass ? 'within' : 'OVER') . " bound: $what\n";
    };
    $sayBound($recovered !== null, 'requests succeed again after the fault without restarting PHP');
    // The bound is the issue's (down-after or node timeout + slack). When
    // Redis itself took longer to name the new master, what the extension
    // answers for is the slack after that: the bound then starts at the
    // topology change.
    $redisTook = $switch !== null ? $switch - $firstFail : 0.0;
    $slack = (float) ($o['slack'] ?? 1.5);
    $limit = max($bound, $redisTook + $slack);
    if ($limit > $bound) {
        printf("INFO [%s] Redis named the new master %.3f s after the first failure (the bound is %.3f s): allowing %.3f s after that\n",
            $label, $redisTook, $bound, $slack);
    }
    $sayBound($outage <= $limit, sprintf('outage window %.3f s <= %.3f s (first failure to first success after it)', $outage, $limit));
    $sayBound($span <= $limit, sprintf('all failures within %.3f s of the first (last failure %.3f s after first; %d failures after recovery)', $limit, $span, $failAfterRecovery));
}
if ($affected !== null) {
    $say($other === 0, "sessions on other shards never failed (failures: $other" . ($other ? '; e.g. ' . substr($otherWarn[0], 0, 300) : '') . ')');
}
if (isset($o['max-fail'])) {
    $say($fails <= (int) $o['max-fail'], "failed requests $fails <= {$o['max-fail']}");
}
exit($status);
