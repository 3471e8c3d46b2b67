--TEST--
class: create_sid() returns a fresh valid id honouring sid_length and sid_bits_per_character
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.sid_length=40
session.sid_bits_per_character=5
--FILE--
<?php
require __DIR__ . '/config.inc';
$h = new RustRedis\SessionHandler(rr_path());
session_set_save_handler($h, true);
$a = $h->create_sid();
$b = $h->create_sid();
var_dump(preg_match('/^[0-9a-v]{40}$/', $a), preg_match('/^[0-9a-v]{40}$/', $b), $a !== $b);
var_dump(rr_cmd(['EXISTS', "PHPREDIS_SESSION:$a"]));
// PHP uses it for a new session.
session_start();
$sid = session_id();
var_dump(preg_match('/^[0-9a-v]{40}$/', $sid));
$_SESSION['n'] = 1;
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$sid"]));
?>
--EXPECT--
int(1)
int(1)
bool(true)
int(0)
int(1)
string(6) "n|i:1;"
