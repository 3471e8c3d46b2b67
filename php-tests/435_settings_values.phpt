--TEST--
rustredis.* settings: php.ini words and numbers accepted, anything else refused by ini_set(); the change takes effect at once
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
rustredis.locking_enabled=Off
rustredis.lock_wait_time=1000
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
ini_set('session.save_path', rr_path());
var_dump(ini_get('rustredis.locking_enabled'), ini_get('rustredis.lock_wait_time'));
var_dump(ini_set('rustredis.lock_retries', 'lots'), ini_get('rustredis.lock_retries'));
var_dump(ini_set('rustredis.lock_retries', ' -1 ') !== false, ini_get('rustredis.lock_retries'));
// Off: no lock while the session is open.
$id = rr_id('ini');
session_id($id);
session_start();
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:{$id}_LOCK"]));
session_write_close();
// On again through ini_set: the next session is locked.
var_dump(ini_set('rustredis.locking_enabled', 'yes') !== false);
session_start();
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:{$id}_LOCK"]));
session_write_close();
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:{$id}_LOCK"]));
echo ob_get_clean();
?>
--EXPECT--
string(0) ""
string(4) "1000"
bool(false)
string(3) "100"
bool(true)
string(4) " -1 "
int(0)
bool(true)
int(1)
int(0)
