--TEST--
phpinfo() shows the rustredis section with its version
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
var_dump(str_contains($info, "\nrustredis\n"));
// Only the rustredis section: from its title to the next blank line.
$start = strpos($info, "\nrustredis\n");
$info = substr($info, $start, strpos($info, "\n\n", $start + 12) - $start);
var_dump(preg_match("/^rustredis support => enabled$/m", $info));
var_dump(preg_match("/^Version => (\d+\.\d+\.\d+\S*)$/m", $info, $m), $m[1] === phpversion("rustredis"));
var_dump(preg_match("/^Save handler => rustredis$/m", $info));
var_dump(str_contains($info, "PHPREDIS_SESSION:<id>, lock <key>_LOCK (phpredis compatible)"));
// Built for this PHP's thread safety (build.rs reads php_config.h).
var_dump(preg_match("/^Thread safety => " . (PHP_ZTS ? "ZTS" : "NTS") . ":/m", $info));
?>
--EXPECT--
bool(true)
int(1)
int(1)
bool(true)
int(1)
bool(true)
int(1)
