--TEST--
RustRedis\fingerprint(): "#" and the first 12 hex digits of the id's SHA-256, the name warnings give a session (the id itself never)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
var_dump(RustRedis\fingerprint('0123456789abcdef'));
var_dump(RustRedis\fingerprint('') === '#' . substr(hash('sha256', ''), 0, 12));
$id = bin2hex(random_bytes(16));
var_dump(RustRedis\fingerprint($id) === '#' . substr(hash('sha256', $id), 0, 12));
var_dump(RustRedis\fingerprint("bin\0ary") === '#' . substr(hash('sha256', "bin\0ary"), 0, 12));
?>
--EXPECT--
string(13) "#9f9f5111f7b2"
bool(true)
bool(true)
bool(true)
