--TEST--
call order: parent::create_sid() before parent::open() gives a fresh valid id; the session then works
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
class Early extends SessionHandler {
    public ?string $early = null;
    public function open(string $path, string $name): bool {
        $this->early = parent::create_sid();
        return parent::open($path, $name);
    }
}
$h = new Early();
session_set_save_handler($h, true);
rr_collect_warnings();
var_dump(session_start());
rr_expect_86_create_sid_warning();
var_dump($GLOBALS['rr_warnings']);
var_dump(preg_match('/^[0-9a-f]{32}$/', $h->early));
$_SESSION['n'] = 7;
$id = session_id();
session_write_close();
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));
?>
--EXPECT--
bool(true)
bool(true)
array(0) {
}
int(1)
string(6) "n|i:7;"
