--TEST--
class: every method in an unusual order (before open, after close, twice) answers sanely and never crashes
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
$h = new RustRedis\SessionHandler(rr_path());
$id = rr_id('order');
echo "before open\n";
var_dump(preg_match('/^[0-9a-f]{32}$/', $h->create_sid()));
var_dump($h->validateId($id), $h->read($id), $h->updateTimestamp($id, 'x'), $h->destroy($id));
echo "close twice\n";
var_dump($h->close(), $h->close());
echo "open twice, write, read\n";
var_dump($h->open('', 'PHPSESSID'), $h->open('', 'PHPSESSID'));
var_dump($h->read($id), $h->write($id, 'a|i:1;'), $h->read($id));
var_dump($h->close());
echo "after close\n";
var_dump($h->read($id), $h->write($id, 'a|i:2;'), $h->updateTimestamp($id, 'a|i:2;'));
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]), rr_cmd(['EXISTS', "PHPREDIS_SESSION:{$id}_LOCK"]));
var_dump($h->gc(100), $h->destroy($id), $h->destroy($id));
?>
--EXPECT--
before open
int(1)
bool(false)
string(0) ""
bool(true)
bool(true)
close twice
bool(true)
bool(true)
open twice, write, read
bool(true)
bool(true)
string(0) ""
bool(true)
string(6) "a|i:1;"
bool(true)
after close
string(6) "a|i:1;"
bool(true)
bool(true)
string(6) "a|i:2;"
int(0)
int(0)
bool(true)
bool(true)
