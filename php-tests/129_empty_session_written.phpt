--TEST--
an empty session is stored as an empty string with the TTL (lazy_write on and off), and reads back empty
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=321
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
ini_set('session.save_path', rr_path());
foreach (['1', '0'] as $lazy) {
    ini_set('session.lazy_write', $lazy);
    $id = rr_id("empty$lazy");
    $key = "PHPREDIS_SESSION:$id";
    session_id($id);
    session_start();
    var_dump(session_write_close());
    var_dump(rr_cmd(['GET', $key]), rr_cmd(['TTL', $key]));
    session_id($id);
    session_start();
    var_dump($_SESSION);
    session_abort();
}
?>
--EXPECT--
bool(true)
string(0) ""
int(321)
array(0) {
}
bool(true)
string(0) ""
int(321)
array(0) {
}
