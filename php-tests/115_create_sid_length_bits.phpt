--TEST--
new ids honour session.sid_length and session.sid_bits_per_character
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
error_reporting=E_ALL & ~E_DEPRECATED
--FILE--
<?php
require __DIR__ . '/config.inc';
ob_start(); // session ini changes below must not see "headers already sent"
ini_set('session.save_path', rr_path());
$cases = [[26, 5, '/^[0-9a-v]{26}$/'], [48, 6, '/^[0-9a-zA-Z,-]{48}$/'], [128, 4, '/^[0-9a-f]{128}$/'], [256, 6, '/^[0-9a-zA-Z,-]{256}$/']];
foreach ($cases as [$len, $bits, $re]) {
    ini_set('session.sid_length', (string) $len);
    ini_set('session.sid_bits_per_character', (string) $bits);
    $seen = '';
    for ($i = 0; $i < 20; $i++) {
        session_id('');
        session_start();
        $id = session_id();
        $_SESSION['len'] = $len;
        session_write_close();
        if (!preg_match($re, $id)) echo "bad id for $len/$bits: $id\n";
        if (rr_cmd(['EXISTS', "PHPREDIS_SESSION:$id"]) !== 1) echo "not stored: $id\n";
        $seen .= $id;
    }
    // With 5 and 6 bits per character the whole alphabet shows up over 20 ids.
    echo "$len/$bits: ", strlen($id), ' ', count(count_chars($seen, 1)), "\n";
}
?>
--EXPECT--
26/5: 26 32
48/6: 48 64
128/4: 128 16
256/6: 256 64
