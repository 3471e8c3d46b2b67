--TEST--
arrival order: 8 waiters queued 10 ms apart get the lock in that order (at least 19 of 20 runs), and a request arriving at a release does not overtake the queue
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$ini = ['rustredis.lock_wait_timeout' => '20000'];
// Long-lived children: each run, a child reads a session id, queues for its
// lock and appends its number to the session.
$code = 'while (($id = fgets(STDIN)) !== false) { $id = trim($id); session_id($id);'
    . ' if (!session_start()) { echo "failed\n"; continue; }'
    . ' $_SESSION["order"] = ($_SESSION["order"] ?? "") . $argv[1]; session_write_close(); echo "done\n"; }';
$kids = [];
for ($i = 0; $i < 8; $i++) {
    $kids[] = child_spawn(array_merge(array_slice(lk_argv($code, $ini), 0, -1), [$code, (string) $i]));
}
$holderCode = 'while (($id = fgets(STDIN)) !== false) { session_id(trim($id)); session_start(); echo "LOCKED\n";'
    . ' fgets(STDIN); session_write_close(); echo "released\n"; }';
$holder = lk_spawn($holderCode, $ini);
$inOrder = 0;
$seen = [];
for ($run = 0; $run < 20; $run++) {
    $id = rr_id('order');
    lk_send($holder, $id);
    lk_expect($holder, 'LOCKED');
    foreach ($kids as $c) { lk_send($c, $id); usleep(10000); }
    usleep(50000);
    lk_send($holder);
    lk_expect($holder, 'released');
    foreach ($kids as $c) { child_expect($c, 'done'); }
    preg_match('/order\|s:\d+:"(\d+)"/', (string) rr_cmd(['GET', lk_key($id)]), $m);
    $order = $m[1] ?? '?';
    $seen[] = $order;
    if ($order === '01234567') { $inOrder++; }
}
echo 'in arrival order: ', $inOrder >= 19 ? 'at least 19 of 20 runs' : "$inOrder of 20 runs: " . implode(' ', $seen), "\n";

// At the moment of a release, a newcomer queues behind the waiter.
$id = rr_id('order');
lk_send($holder, $id);
lk_expect($holder, 'LOCKED');
lk_send($kids[0], $id);
usleep(100000);                     // child 0 waits
$late = lk_spawn('echo "READY\n"; fgets(STDIN); session_id(' . lk_q($id) . '); session_start();'
    . ' $_SESSION["order"] = ($_SESSION["order"] ?? "") . "L"; session_write_close();', $ini);
lk_expect($late, 'READY');
lk_send($holder);                   // release...
lk_send($late);                     // ...and a newcomer at once
lk_expect($holder, 'released');
child_expect($kids[0], 'done');
lk_end($late);
preg_match('/order\|s:\d+:"(\w+)"/', (string) rr_cmd(['GET', lk_key($id)]), $m);
echo 'the waiter first, then the newcomer: ', $m[1] ?? '?', "\n";
foreach ($kids as $c) { lk_end($c); }
lk_end($holder);
?>
--EXPECT--
in arrival order: at least 19 of 20 runs
the waiter first, then the newcomer: 0L
