--TEST--
a new session gets an id from PHP's generator (32 hex chars by default) and is stored under it
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
session.sid_length=32
session.sid_bits_per_character=4
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$ids = [];
for ($i = 0; $i < 5; $i++) {
    var_dump(session_start());
    $id = session_id();
    $ids[] = $id;
    $_SESSION['i'] = $i;
    session_write_close();
    session_id('');
    if (!preg_match('/^[0-9a-f]{32}$/', $id)) echo "bad id: $id\n";
    if (rr_cmd(['GET', "PHPREDIS_SESSION:$id"]) !== "i|i:$i;") echo "not stored: $id\n";
}
var_dump(count(array_unique($ids)));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(5)
