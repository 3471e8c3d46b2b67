--TEST--
class: a malformed save path throws InvalidArgumentException
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.use_cookies=0
session.cache_limiter=
session.gc_maxlifetime=900
--FILE--
<?php
require __DIR__ . '/config.inc';
foreach (["", rr_path("foo=1"), "ftp://127.0.0.1", rr_path("auth=Hidden99&weight=0")] as $p) {
    try {
        new RustRedis\SessionHandler($p);
        echo "no exception\n";
    } catch (InvalidArgumentException $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
InvalidArgumentException: invalid session.save_path: empty save_path
InvalidArgumentException: invalid session.save_path entry "tcp://127.0.0.1:%d?foo=1": unknown parameter "foo"
InvalidArgumentException: invalid session.save_path entry "ftp://127.0.0.1": unknown scheme "ftp"
InvalidArgumentException: invalid session.save_path entry "tcp://127.0.0.1:%d?auth=***&weight=0": invalid value for "weight"
