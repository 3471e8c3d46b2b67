--TEST--
strict mode: an id with disallowed characters is replaced by a new id without a warning, as with files
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.use_strict_mode=1
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
ini_set('session.save_path', rr_path());
session_id('bad!id');
var_dump(session_start());
$id = session_id();
var_dump((bool) preg_match('/^[0-9a-f]{32}$/', $id));
$_SESSION['x'] = 1;
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));
var_dump(rr_cmd(['EXISTS', 'PHPREDIS_SESSION:bad!id']));
?>
--EXPECT--
bool(true)
bool(true)
string(6) "x|i:1;"
int(0)
