--TEST--
rustredis is loaded, requires session, and registers the save handler
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
--FILE--
<?php
$ok = ini_set('session.save_handler', 'rustredis') !== false;
var_dump(extension_loaded('rustredis'));
var_dump((new ReflectionExtension('rustredis'))->getDependencies());
var_dump($ok);
var_dump(ini_get('session.save_handler'));
var_dump(class_implements('RustRedis\SessionHandler'));
?>
--EXPECT--
bool(true)
array(1) {
  ["session"]=>
  string(8) "Required"
}
bool(true)
string(9) "rustredis"
array(3) {
  ["SessionHandlerInterface"]=>
  string(23) "SessionHandlerInterface"
  ["SessionIdInterface"]=>
  string(18) "SessionIdInterface"
  ["SessionUpdateTimestampHandlerInterface"]=>
  string(38) "SessionUpdateTimestampHandlerInterface"
}
