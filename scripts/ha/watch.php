<?php
// Polls the topology every 20 ms until the fault is visible to clients and
// prints the unix time it saw the change (or nothing after --max seconds).
//   --mode=sentinel --ports=S1,S2,S3 --master=NAME --old=PORT   a sentinel names another master
//   --mode=cluster  --ports=P1,P2   --slot=N        --old=PORT   the slot is served by another node
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$end = microtime(true) + (float) ($o['max'] ?? 20);
$old = (int) $o['old'];
$ports = array_map('intval', explode(',', $o['ports']));
while (microtime(true) < $end) {
    foreach ($ports as $p) {
        try {
            if ($o['mode'] === 'sentinel') {
                $m = ha_sentinel_master($p, $o['master']);
                if ($m !== null && $m[1] !== $old) { printf("%.6f %d\n", microtime(true), $m[1]); exit(0); }
            } else {
                foreach (ha_cmd($p, ['CLUSTER', 'SLOTS']) as $r) {
                    if ($r[0] <= (int) $o['slot'] && (int) $o['slot'] <= $r[1] && (int) $r[2][1] !== $old) {
                        printf("%.6f %d\n", microtime(true), $r[2][1]); exit(0);
                    }
                }
            }
        } catch (Throwable $e) {
            // a node that is down or busy: ask the next
        }
    }
    usleep(20000);
}
exit(1);
