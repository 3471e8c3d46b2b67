--TEST--
class: read() then write() without close() (Laravel style) releases the lock at write()
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=

--FILE--
<?php
require __DIR__ . '/lock.inc';
ini_set('session.save_path', rr_path());
$id = rr_id('classrw');
rr_cmd(['SET', lk_key($id), 'a|i:1;']);
$h = new RustRedis\SessionHandler(rr_path());
var_dump($h->read($id), lk_locked($id));
var_dump($h->write($id, 'a|i:2;'), lk_locked($id));
var_dump(rr_cmd(['GET', lk_key($id)]));
// a second request of the same object locks again
var_dump($h->read($id), lk_locked($id));
var_dump($h->write($id, 'a|i:3;'), lk_locked($id), rr_cmd(['GET', lk_key($id)]));
?>
--EXPECT--
string(6) "a|i:1;"
int(1)
bool(true)
int(0)
string(6) "a|i:2;"
string(6) "a|i:2;"
int(1)
bool(true)
int(0)
string(6) "a|i:3;"
