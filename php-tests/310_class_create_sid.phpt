--TEST--
class: create_sid() returns a fresh valid id honouring sid_length and sid_bits_per_character
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
// In a child with the two settings in its startup ini: PHP 8.4 deprecated
// both, and says so at startup (exactly these two lines, before anything else).
$out = rr_php(strtr(<<<'CODE'
require 'DIR/config.inc';
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
CODE, ['DIR' => __DIR__]), ['session.use_cookies' => '0', 'session.cache_limiter' => '', 'display_startup_errors' => '1',
       'session.sid_length' => '40', 'session.sid_bits_per_character' => '5']);
$deprecations = "\nDeprecated: PHP Startup: session.sid_length INI setting is deprecated in Unknown on line 0\n"
    . "\nDeprecated: PHP Startup: session.sid_bits_per_character INI setting is deprecated in Unknown on line 0\n";
if (PHP_VERSION_ID >= 80400) {
    var_dump(str_starts_with($out, $deprecations));
    $out = substr($out, strlen($deprecations));
} else {
    var_dump(!str_contains($out, 'Deprecated'));
}
echo $out;
?>
--EXPECT--
bool(true)
int(1)
int(1)
bool(true)
int(0)
int(1)
string(6) "n|i:1;"
