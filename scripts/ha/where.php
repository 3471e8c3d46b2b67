<?php
// Which master holds each session: writes every id once through the extension
// (session.save_path from the command line), then finds its data key with KEYS on
// every master of the cluster and prints "id slot port" per id.
//   --ids=a,b,c --nodes=P1,P2,...
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$ids = explode(',', $o['ids']);
ha_record_warnings();
foreach ($ids as $id) {
    session_id($id);
    if (!session_start()) { fwrite(STDERR, "cannot start session $id: " . implode(' | ', $GLOBALS['ha_warnings']) . "\n"); exit(1); }
    $_SESSION['created'] = 1;
    session_write_close();
}
$where = [];
foreach (explode(',', $o['nodes']) as $p) {
    $role = ha_cmd((int) $p, ['ROLE']);
    if (!is_array($role) || $role[0] !== 'master') { continue; }
    foreach (ha_cmd((int) $p, ['KEYS', '*']) as $k) {
        if (str_contains($k, '_LOCK')) { continue; }
        foreach ($ids as $id) {
            if (preg_match('/(^|[^A-Za-z0-9,-])' . preg_quote($id, '/') . '($|[^A-Za-z0-9,-])/', $k)) {
                $where[$id] = [ha_cmd((int) $p, ['CLUSTER', 'KEYSLOT', $k]), (int) $p, $k];
            }
        }
    }
}
foreach ($ids as $id) {
    if (!isset($where[$id])) { fwrite(STDERR, "no data key found for $id\n"); exit(1); }
    echo "$id {$where[$id][0]} {$where[$id][1]} {$where[$id][2]}\n";
}
