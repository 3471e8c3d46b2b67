--TEST--
class: bad options throw InvalidArgumentException
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
foreach ([["ttl" => 0], ["ttl" => -5], ["ttl" => "abc"], ["prefix" => []], ["prefix" => 5], ["tll" => 5]] as $o) {
    try {
        new RustRedis\SessionHandler(rr_path(), $o);
        echo "no exception\n";
    } catch (InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
RustRedis\SessionHandler: option "ttl" must be a positive integer
RustRedis\SessionHandler: option "ttl" must be a positive integer
RustRedis\SessionHandler: option "ttl" must be a positive integer
RustRedis\SessionHandler: option "prefix" must be a string
RustRedis\SessionHandler: option "prefix" must be a string
RustRedis\SessionHandler: unknown option "tll"
