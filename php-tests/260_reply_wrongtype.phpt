--TEST--
error reply WRONGTYPE: the session key holds a hash; one warning naming the key (id as its fingerprint) and its type, session_start() false, the hash and no lock left, locking on and off
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/lock.inc';
foreach (['1', '0'] as $locking) {
    $id = rr_id('wrongtype');
    rr_cmd(['HSET', lk_key($id), 'field', 'value']);
    echo lk_run('session_id(' . lk_q($id) . '); var_dump(session_start());', ['rustredis.locking_enabled' => $locking]);
    var_dump(rr_cmd(['HGET', lk_key($id), 'field']), lk_locked($id));
}
?>
--EXPECTF--
Warning: session_start(): Redis at tcp://127.0.0.1:%d: key "PHPREDIS_SESSION:#%x" holds a hash, not a session in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
string(5) "value"
int(0)

Warning: session_start(): Redis at tcp://127.0.0.1:%d: key "PHPREDIS_SESSION:#%x" holds a hash, not a session in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
string(5) "value"
int(0)
