--TEST--
strict mode: an unknown session id supplied by the client is replaced by a new id
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
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$unknown = rr_id('strictunknown');
session_id($unknown);
var_dump(session_start());
$new = session_id();
var_dump($new !== $unknown);
var_dump((bool) preg_match('/^[0-9a-f]{32}$/', $new));
var_dump($_SESSION);
$_SESSION['s'] = 1;
session_write_close();
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$unknown"]));
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$new"]));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(0) {
}
int(0)
string(6) "s|i:1;"
