--TEST--
compression: a stored value that claims a codec's format and does not decompress is one warning naming the key (id as its fingerprint) and the codec; session_start() false, the value left as it is, no lock left
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
$cases = [
    'zstd' => "\x28\xb5\x2f\xfd\x24\x10" . str_repeat("\xee", 20),
    'lz4' => chr(cz_crc8(pack('V', 100))) . pack('V', 100) . str_repeat("\xff", 12),
    'lzf' => "\x1f" . 'ab',
];
foreach ($cases as $codec => $value) {
    $id = rr_id("corrupt$codec");
    rr_cmd(['SET', lk_key($id), $value]);
    echo "$codec:\n", lk_run('session_id(' . lk_q($id) . '); var_dump(session_start(), empty($_SESSION));',
        ['rustredis.compression' => 'lz4']);
    var_dump(cz_stored($id) === $value, lk_locked($id));
}
?>
--EXPECTF--
zstd:

Warning: session_start(): Redis at tcp://127.0.0.1:%d: key "PHPREDIS_SESSION:#%x" holds zstd data that does not decompress (%s); the value is left as it is (rustredis.compression=lz4) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
bool(true)
bool(true)
int(0)
lz4:

Warning: session_start(): Redis at tcp://127.0.0.1:%d: key "PHPREDIS_SESSION:#%x" holds lz4 data that does not decompress (its block does not decompress to the 100 bytes its header gives); the value is left as it is (rustredis.compression=lz4) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
bool(true)
bool(true)
int(0)
lzf:

Warning: session_start(): Redis at tcp://127.0.0.1:%d: key "PHPREDIS_SESSION:#%x" holds lzf data that does not decompress (it is not valid LZF data); the value is left as it is (rustredis.compression=lz4) in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
bool(true)
bool(true)
int(0)
