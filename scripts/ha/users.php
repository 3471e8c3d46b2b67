<?php
// The per-user session index on one save path (session.save_path): three
// sessions of one user are bound, listed and counted; revoking the others
// from the first deletes them, and a request of a revoked one still running
// (another process, holding its lock) cannot write it back; a regenerated id
// takes its predecessor's place. On a cluster: the index lives in the
// user's own slot, each binding in its session's slot. Keys are found with
// KEYS on the masters (tiny data sets).
//   --mode=sentinel --sentinel=PORT --master=NAME   or   --mode=cluster --nodes=P1,P2,...
//   --so=path/to/librustredis.so (for the child process)
require __DIR__ . '/lib.php';
ob_start();
$o = ha_opts($argv);
$label = $o['label'] ?? $o['mode'];
$status = 0;
$say = function (bool $pass, string $what) use ($label, &$status) {
    echo ($pass ? 'PASS' : 'FAIL') . " [users $label] $what\n";
    ob_flush();
    if (!$pass) { $status = 1; }
};
$cluster = $o['mode'] === 'cluster';
$masters = ha_masters($o);
/** [key => port] of the keys matching $pattern on the masters. */
$find = function (string $pattern) use ($masters) {
    $found = [];
    foreach ($masters as $p) {
        foreach (ha_cmd($p, ['KEYS', $pattern]) as $k) { $found[$k] = $p; }
    }
    return $found;
};
$slot = fn(string $key) => ha_cmd($masters[0], ['CLUSTER', 'KEYSLOT', $key]);
$fps = function (array $ids) { $f = array_map('RustRedis\fingerprint', $ids); sort($f); return $f; };
$listed = function (string $user) {
    $l = RustRedis\user_sessions($user);
    $f = is_array($l) ? array_column($l, 'id') : [];
    sort($f);
    return $f;
};
ha_record_warnings();
$user = 'hauser' . bin2hex(random_bytes(6));
$ids = [];
for ($i = 0; $i < 3; $i++) {
    session_id('');
    session_start();
    RustRedis\bind_user($user);
    $_SESSION['i'] = $i;
    $ids[] = session_id();
    session_write_close();
}
$say($GLOBALS['ha_warnings'] === [], 'three sessions bound' . ($GLOBALS['ha_warnings'] ? ': ' . implode(' | ', $GLOBALS['ha_warnings']) : ''));
$say(RustRedis\user_session_count($user) === 3 && $listed($user) === $fps($ids),
    'listed and counted: ' . RustRedis\user_session_count($user) . ', listed ' . implode(' ', $listed($user)) . ' ' . implode(' | ', $GLOBALS['ha_warnings']));
$all = $find('*SESSION:user:');
$allKey = array_key_first($all);
$say(RustRedis\active_users() >= 1 && $allKey !== null && ha_cmd($all[$allKey], ['ZSCORE', $allKey, $user]) !== null,
    'the user is among those with a live session (' . ($allKey ?? 'no set') . '), active_users() ' . RustRedis\active_users());
$index = $find("*user:$user");
$say(count($index) === 1, 'one index key: ' . implode(', ', array_keys($index)));
if ($cluster && $index) {
    $key = array_key_first($index);
    $bindings = $find("*{$ids[0]}*_USER");
    $data = array_filter(array_keys($find("*{$ids[0]}*")), fn($k) => !str_contains($k, '_USER'));
    $say(count($bindings) === 1 && count($data) === 1
        && $slot(array_key_first($bindings)) === $slot(reset($data)),
        'the binding shares its session\'s slot (' . implode(', ', array_keys($bindings)) . ')');
    $say(!str_contains($key, '{') && str_ends_with($key, "SESSION:user:$user"),
        "the index has the user's own slot ($key, slot " . $slot($key) . ')');
}
// A request of session 1 is running (another process, lock held if
// locking is on).
$child = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . $o['so'], '-d', 'session.save_handler=rustredis',
    '-d', 'session.save_path="' . ini_get('session.save_path') . '"', '-d', 'session.use_cookies=0',
    '-d', 'session.cache_limiter=', '-d', 'display_errors=stdout',
    '-d', 'rustredis.locking_enabled=' . ini_get('rustredis.locking_enabled'), '-r',
    'session_id(' . var_export($ids[1], true) . '); session_start(); echo "READ\n"; fgets(STDIN);'
    . ' $_SESSION["i"] = "written back"; session_write_close(); echo "DONE\n";'],
    [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
$read = fgets($pipes[1]);
session_id($ids[0]);
session_start();
$revoked = RustRedis\destroy_user_sessions($user);
$say($revoked === 2 && $listed($user) === $fps([$ids[0]]), "the other two revoked from the first: $revoked");
fwrite($pipes[0], "go\n");
$out = trim($read . stream_get_contents($pipes[1]));
proc_close($child);
$say(str_contains($out, 'was revoked') && str_ends_with($out, 'DONE') && $find("*{$ids[1]}") === [],
    'the running request of a revoked session wrote nothing back: ' . preg_replace('/\s+/', ' ', $out));
// Regenerated: the new id replaces the old one.
session_regenerate_id(true);
$new = session_id();
session_write_close();
$say($listed($user) === $fps([$new]), 'a regenerated id replaces its predecessor in the index');
$left = RustRedis\destroy_user_sessions($user, false);
$say($left === 1 && RustRedis\user_session_count($user) === 0 && $find("*user:$user") === []
    && ($allKey === null || ha_cmd($all[$allKey], ['ZSCORE', $allKey, $user]) === null),
    "all revoked, index gone, no longer among the users with a session: $left");
exit($status);
