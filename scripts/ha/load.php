<?php
// Session load generator for the HA tests. Run by scripts/test-ha.sh as
//   php -n -d extension=SO -d session.save_handler=rustredis -d session.save_path=...
//       scripts/ha/load.php --ids=a,b,c --log=FILE --acked=FILE --stop=FILE --max=SECONDS
// Loops over the ids (round robin): session_start, $_SESSION['n']++, session_write_close.
// One log line per request: start end id ok n warning (tab separated; ok=1 only when
// session_start and session_write_close both returned true and no warning was raised).
// At the end writes {id: last acknowledged n} to --acked, and the number of requests
// whose counter went backwards (an acknowledged write lost) to stdout.
require __DIR__ . '/lib.php';

$o = ha_opts($argv);
$ids = explode(',', $o['ids']);
$max = (float) ($o['max'] ?? 30);
$sleepUs = (int) (1000 * (float) ($o['sleep'] ?? 2));
$shared = !empty($o['shared']); // several processes on the same ids: no per-process order check
$log = fopen($o['log'], 'w');
$stop = $o['stop'];
$acked = [];
$lost = 0; $lostInfo = [];
$end = microtime(true) + $max;
ha_record_warnings();
$i = 0;
while (microtime(true) < $end && !file_exists($stop)) {
    $id = $ids[$i++ % count($ids)];
    $GLOBALS['ha_warnings'] = [];
    $t0 = microtime(true);
    $n = 0; $ok = false;
    try {
        session_id($id);
        if (session_start()) {
            $prev = (int) ($_SESSION['n'] ?? 0);
            $n = $prev + 1;
            $_SESSION['n'] = $n;
            $ok = session_write_close();
            if (!$shared && isset($acked[$id]) && $prev < $acked[$id] && $GLOBALS['ha_warnings'] === []) {
                $lost++;
                $lostInfo[] = "$id read $prev after ack of {$acked[$id]}";
            }
        }
    } catch (Throwable $e) {
        $GLOBALS['ha_warnings'][] = get_class($e) . ': ' . $e->getMessage();
    }
    if (session_status() === PHP_SESSION_ACTIVE) { @session_abort(); }
    $t1 = microtime(true);
    $ok = $ok && $GLOBALS['ha_warnings'] === [];
    if ($ok) { $acked[$id] = $n; }
    $w = str_replace(["\t", "\n"], ' ', implode(' | ', $GLOBALS['ha_warnings']));
    fwrite($log, sprintf("%.6f\t%.6f\t%s\t%d\t%d\t%s\n", $t0, $t1, $id, $ok ? 1 : 0, $ok ? $n : 0, $w));
    if ($sleepUs > 0) { usleep($sleepUs); }
}
fclose($log);
file_put_contents($o['acked'], json_encode(['acked' => $acked, 'lost' => $lost, 'lost_info' => array_slice($lostInfo, 0, 10)]));
echo "requests=$i lost=$lost\n";
