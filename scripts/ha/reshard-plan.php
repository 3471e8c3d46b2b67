<?php
// Plans a resharding test: the master serving slot 0 gives its lowest
// --slots slots (the ones `redis-cli --cluster reshard` moves first) to
// another master; --count session ids are picked whose keys hash into those
// slots, so every one of them migrates while the load runs.
//   --port=P --slots=1000 --count=50
// Prints: "<source id> <source port> <target id> <target port> <ids, comma separated>"
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$port = (int) $o['port'];
$owner = ha_cluster_slot_owner($port);
$src = $owner[0];
$mine = array_keys(array_filter($owner, fn ($p) => $p === $src));
sort($mine);
$moving = array_flip(array_slice($mine, 0, (int) $o['slots']));
$dst = null;
foreach (array_unique($owner) as $p) {
    if ($p !== $src) { $dst = $p; break; }
}
$ids = [];
for ($i = 0; count($ids) < (int) $o['count'] && $i < 100000; $i++) {
    $id = 'hars' . bin2hex(random_bytes(6));
    if (isset($moving[ha_cmd($port, ['CLUSTER', 'KEYSLOT', "PHPREDIS_CLUSTER_SESSION:$id"])])) { $ids[] = $id; }
}
$myid = fn (int $p) => ha_cmd($p, ['CLUSTER', 'MYID']);
echo $myid($src), ' ', $src, ' ', $myid($dst), ' ', $dst, ' ', implode(',', $ids), "\n";
