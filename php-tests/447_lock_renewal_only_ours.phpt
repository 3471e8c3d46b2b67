--TEST--
mixed fleet: renewal never extends a lock whose token is not ours (a lock taken over by another token expires on its own; the holder's write is refused), and a phpredis-style holder (no renewal, no hand-over) is waited for until it expires
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/lock.inc';
$id = rr_id('foreign');
$ini = ['rustredis.lock_expire' => '1'];
$holder = lk_spawn('session_id(' . lk_q($id) . '); session_start(); echo "LOCKED\n"; fgets(STDIN);'
    . ' $_SESSION["x"] = 1; var_dump(session_write_close());', $ini);
lk_expect($holder, 'LOCKED');
rr_cmd(['SET', lk_key($id, '_LOCK'), 'otherhost|4242', 'PX', '800']);
usleep(1500000);                    // several renewal periods
echo 'the foreign lock expired on its own: ', var_export(rr_cmd(['EXISTS', lk_key($id, '_LOCK')]) === 0, true), "\n";
lk_send($holder);
echo preg_replace('/#\w+/', '#<fingerprint>', lk_end($holder));

// A phpredis holder's value, 1.2 s to live: waited for, then taken.
$id = rr_id('foreign');
rr_cmd(['SET', lk_key($id, '_LOCK'), 'otherhost|4243', 'PX', '1200']);
$t = microtime(true);
echo lk_run('session_id(' . lk_q($id) . '); var_dump(session_start());', $ini + ['rustredis.lock_retries' => '-1']);
$w = microtime(true) - $t;
echo 'waited for it to expire: ', var_export($w > 0.9 && $w < 3.0, true), "\n";
?>
--EXPECTF--
the foreign lock expired on its own: true

Warning: session_write_close(): session lock of #<fingerprint> expired before the write (held for rustredis.lock_max_hold, not renewable while Redis was unreachable, or taken over by another client): data not written in Command line code on line 1

Warning: session_write_close(): Failed to write session data (rustredis). Please verify that the current setting of session.save_path is correct (tcp://%s) in Command line code on line 1
bool(true)
bool(true)
waited for it to expire: true
