--TEST--
tls:// verification as the words say: verify_peer_name=0 skips only the host name check, verify_peer=0 the certificate check
--SKIPIF--
<?php include __DIR__ . '/skipif.inc';
if (!getenv('RUSTREDIS_TEST_PORT_TLS_OTHER')) die('skip no TLS test server');
?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start();
$ca = getenv('RUSTREDIS_TEST_CAFILE');
// Signed by our CA, but for "other.invalid": only the name check fails.
$other = getenv('RUSTREDIS_TEST_PORT_TLS_OTHER');
// For localhost, but the CA is not given: only the chain check fails.
$port = getenv('RUSTREDIS_TEST_PORT_TLS');
$try = function (string $path): void {
    ini_set('session.save_path', $path);
    session_id(rr_id('tlsv'));
    $ok = session_start();
    echo "$path: ", var_export($ok, true), "\n";
    if ($ok) session_write_close();
};
$try("tls://127.0.0.1:$other?stream[cafile]=$ca");
$try("tls://127.0.0.1:$other?stream[cafile]=$ca&stream[verify_peer_name]=0");
$try("tls://localhost:$port?stream[verify_peer_name]=0");
$try("tls://localhost:$port?stream[verify_peer]=0");
echo ob_get_clean();
?>
--EXPECTF--
Warning: session_start(): Redis error at tls://127.0.0.1:%d: %s in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tls://127.0.0.1:%d?stream[cafile]=%s) in %s on line %d
tls://127.0.0.1:%d?stream[cafile]=%s: false
tls://127.0.0.1:%d?stream[cafile]=%s&stream[verify_peer_name]=0: true

Warning: session_start(): Redis error at tls://localhost:%d: %scertificate verify failed%s in %s on line %d

Warning: session_start(): Failed to read session data: rustredis (path: tls://localhost:%d?stream[verify_peer_name]=0) in %s on line %d
tls://localhost:%d?stream[verify_peer_name]=0: false
tls://localhost:%d?stream[verify_peer]=0: true
