--TEST--
call order: a SessionHandler subclass whose open() skips parent::open() gets warnings and session_start() false, never a crash
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ini_set('session.save_path', rr_path());
// An encrypting/logging wrapper that forgot parent::open().
class Wrapper extends SessionHandler {
    public function open(string $path, string $name): bool { return true; }
}
session_set_save_handler(new Wrapper(), true);
rr_collect_warnings();
var_dump(session_start());
var_dump(session_status() === PHP_SESSION_ACTIVE);
rr_expect_86_create_sid_warning();
echo implode("\n", $GLOBALS['rr_warnings']), "\n";
echo "alive\n";
?>
--EXPECTF--
bool(false)
bool(false)
bool(true)
SessionHandler::read(): Parent session handler is not open
SessionHandler::close(): Parent session handler is not open
session_start(): Failed to read session data: user (path: tcp://%s)
alive
