--TEST--
compression: a 10 MiB session written by phpredis 6 is read by rustredis and the other way round, byte-identical, for each codec
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; require __DIR__ . '/compression.inc';
if ($why = cz_phpredis_missing()) die("skip $why"); ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
$mem = ['memory_limit' => '512M'];
foreach (['lzf', 'lz4', 'zstd'] as $codec) {
    $p = rr_id("big$codec"); $r = rr_id("big$codec");
    echo cz_write('phpredis', $p, $codec, 'big', 3, $mem), cz_write('rustredis', $r, $codec, 'big', 3, $mem);
    $byP = cz_stored($p); $byR = cz_stored($r);
    printf("%s: %s, %s, %s; phpredis reads rustredis's: %s; rustredis reads phpredis's: %s\n", $codec, cz_format($byR),
        $byP === $byR ? 'same bytes' : 'DIFFERENT BYTES', strlen($byR) < (10 << 20) ? 'smaller than 10 MiB' : 'not smaller',
        cz_read('phpredis', $r, $codec, 'big', $mem), cz_read('rustredis', $p, $codec, 'big', $mem));
}
?>
--EXPECT--
lzf: lzf, same bytes, smaller than 10 MiB; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4: lz4, same bytes, smaller than 10 MiB; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd: zstd, same bytes, smaller than 10 MiB; phpredis reads rustredis's: same; rustredis reads phpredis's: same
