--TEST--
compression: rustredis.compression_min_size stores smaller sessions as they are (unless phpredis would misread them so); 10 MiB, empty and binary sessions round-trip with each codec
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
foreach (['lzf', 'lz4', 'zstd'] as $codec) {
    $min = ['rustredis.compression_min_size' => '2000'];
    $small = rr_id('small'); $big = rr_id('big'); $bin = rr_id('bin');
    echo cz_write('rustredis', $small, $codec, 'empty', 3, $min);
    echo lk_run('session_id(' . lk_q($small) . '); session_start(); $_SESSION["n"] = 1; session_write_close();', cz_ini('rustredis', $codec, 3, $min));
    echo cz_write('rustredis', $big, $codec, 'text', 3, $min);
    // php_binary starts with a length byte, which LZF would take for its own.
    echo lk_run('session_id(' . lk_q($bin) . '); session_start(); $_SESSION["n"] = 1; session_write_close();',
        cz_ini('rustredis', $codec, 3, $min + ['session.serialize_handler' => 'php_binary']));
    printf("%s, min_size 2000: small %s %s, big %s, php_binary small %s\n", $codec, cz_format(cz_stored($small)),
        var_export(cz_stored($small), true), cz_format(cz_stored($big)), cz_stored($bin) === "\x01ni:1;" ? 'raw' : cz_format(cz_stored($bin)));
    foreach (['text', 'binary', 'empty', 'big'] as $kind) {
        $id = rr_id($kind);
        echo cz_write('rustredis', $id, $codec, $kind, 3, ['memory_limit' => '512M']);
        echo "  $kind: ", cz_format(cz_stored($id)), ', read back: ', cz_read('rustredis', $id, $codec, $kind, ['memory_limit' => '512M']), "\n";
    }
}
?>
--EXPECT--
lzf, min_size 2000: small raw 'n|i:1;', big lzf, php_binary small lzf
  text: lzf, read back: same
  binary: lzf, read back: same
  empty: empty, read back: same
  big: lzf, read back: same
lz4, min_size 2000: small raw 'n|i:1;', big lz4, php_binary small raw
  text: lz4, read back: same
  binary: lz4, read back: same
  empty: empty, read back: same
  big: lz4, read back: same
zstd, min_size 2000: small raw 'n|i:1;', big zstd, php_binary small raw
  text: zstd, read back: same
  binary: zstd, read back: same
  empty: zstd, read back: same
  big: zstd, read back: same
