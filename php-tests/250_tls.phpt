--TEST--
tls:// save path: verified against a CA file, by name and by IP; an unknown CA is refused
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_PORT_TLS')) die('skip no TLS test server');
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
$port = getenv('RUSTREDIS_TEST_PORT_TLS');
$ca = getenv('RUSTREDIS_TEST_CAFILE');
foreach (["tls://localhost:$port?stream[cafile]=$ca", "tls://127.0.0.1:$port?stream[cafile]=$ca",
          "rediss://localhost:$port?stream[cafile]=$ca"] as $path) {
    ini_set('session.save_path', $path);
    $id = rr_id('tls');
    session_id($id);
    var_dump(session_start());
    $_SESSION['secure'] = 'yes';
    session_write_close();
    $_SESSION = [];
    session_start();
    var_dump($_SESSION['secure']);
    session_write_close();
}
// The server's certificate is not signed by a CA the system trusts.
ini_set('session.save_path', "tls://localhost:$port");
session_id(rr_id('tls'));
var_dump(session_start());
// verify_peer=0 accepts it (not recommended, but phpredis allows it too).
ini_set('session.save_path', "tls://localhost:$port?stream[verify_peer]=0");
session_id(rr_id('tls'));
var_dump(session_start());
session_write_close();
echo ob_get_clean();
?>
--EXPECTF--
bool(true)
string(3) "yes"
bool(true)
string(3) "yes"
bool(true)
string(3) "yes"

Warning: session_start(): Redis error at tls://localhost:%d: %scertificate verify failed%s in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tls://localhost:%d) in %s on line %d
bool(false)
bool(true)
