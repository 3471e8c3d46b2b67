<?php
// Smoke test of one save path (from session.save_path): a session round trip,
// the lock key present during the session and gone after, and on a cluster the
// data and lock keys in the same slot. Keys are found with KEYS on the masters
// (tiny test data sets), so the test does not assume the key format.
//   --mode=sentinel --sentinel=PORT --master=NAME   or   --mode=cluster --nodes=P1,P2,...
require __DIR__ . '/lib.php';
$o = ha_opts($argv);
$label = $o['label'] ?? $o['mode'];
$status = 0;
$say = function (bool $pass, string $what) use ($label, &$status) {
    echo ($pass ? 'PASS' : 'FAIL') . " [smoke $label] $what\n";
    if (!$pass) { $status = 1; }
};
ha_record_warnings();
$id = 'hasmoke' . bin2hex(random_bytes(8));
$cluster = $o['mode'] === 'cluster';
$masters = ha_masters($o);
/** [key => port] of the keys naming $id on the masters. */
$find = function () use ($masters, $id) {
    $found = [];
    foreach ($masters as $p) {
        foreach (ha_cmd($p, ['KEYS', "*$id*"]) as $k) { $found[$k] = $p; }
    }
    return $found;
};
session_id($id);
$started = session_start();
$_SESSION['x'] = 'hello';
$during = $find();
$w = session_write_close();
$after = $find();
$say($started && $w && $GLOBALS['ha_warnings'] === [], 'session_start + write ok' . ($GLOBALS['ha_warnings'] ? ' warnings: ' . implode(' | ', $GLOBALS['ha_warnings']) : ''));
$locks = array_filter(array_keys($during), fn($k) => str_contains($k, '_LOCK'));
$say(count($locks) === 1, 'lock key present during the session: ' . (implode(', ', $locks) ?: 'none; keys: ' . implode(', ', array_keys($during))));
$lockAfter = array_filter(array_keys($after), fn($k) => str_contains($k, '_LOCK'));
$say($lockAfter === [], 'lock key gone after session_write_close' . ($lockAfter ? ': ' . implode(', ', $lockAfter) : ''));
$data = array_keys($after);
$say(count($data) === 1, 'data key present after the session: ' . (implode(', ', $data) ?: 'none'));
if ($cluster && $locks && $data) {
    $all = array_merge($locks, $data);
    $slots = array_map(fn($k) => ha_cmd($masters[0], ['CLUSTER', 'KEYSLOT', $k]), $all);
    $same = count(array_unique($slots)) === 1 && $during[reset($locks)] === $after[$data[0]];
    $say($same, 'data and lock keys share a slot (' . implode(', ', array_map(fn($k, $s) => "$k=$s", $all, $slots)) . ')');
}
$_SESSION = [];
session_id($id);
$r = session_start(['read_and_close' => true]);
$say($r && ($_SESSION['x'] ?? null) === 'hello', 'session read back: ' . var_export($_SESSION['x'] ?? null, true));
exit($status);
