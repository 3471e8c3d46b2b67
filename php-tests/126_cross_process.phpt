--TEST--
a session written in one PHP process is read in another, both ways
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
ini_set('session.save_path', rr_path());
$ini = ['session.save_handler' => 'rustredis', 'session.save_path' => rr_path(),
        'session.use_cookies' => '0', 'session.cache_limiter' => ''];
$id = rr_id('xproc');
// Child writes, parent reads.
echo rr_php('session_id(' . var_export($id, true) . '); var_dump(session_start());'
    . ' $_SESSION["from"] = "child"; $_SESSION["list"] = [1, 2]; var_dump(session_write_close());', $ini);
session_id($id);
session_start();
var_dump($_SESSION);
// Parent writes, child reads.
$_SESSION['from'] = "parent\0";
session_write_close();
echo rr_php('session_id(' . var_export($id, true) . '); session_start();'
    . ' var_dump(bin2hex($_SESSION["from"]), $_SESSION["list"][1]);', $ini);
?>
--EXPECT--
bool(true)
bool(true)
array(2) {
  ["from"]=>
  string(5) "child"
  ["list"]=>
  array(2) {
    [0]=>
    int(1)
    [1]=>
    int(2)
  }
}
string(14) "706172656e7400"
int(2)
