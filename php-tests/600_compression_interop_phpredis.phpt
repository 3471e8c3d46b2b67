--TEST--
compression: for lzf, lz4 and zstd, phpredis 6 and rustredis store the same bytes for the same session and setting, and each reads what the other wrote (text, binary, empty)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; require __DIR__ . '/compression.inc';
if ($why = cz_phpredis_missing()) die("skip $why"); ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
foreach (['lzf' => [3], 'lz4' => [0, 3, 9], 'zstd' => [1, 3, 19]] as $codec => $levels) {
    foreach ($levels as $level) {
        foreach (['text', 'binary', 'empty'] as $kind) {
            $p = rr_id("p$codec"); $r = rr_id("r$codec"); $n = rr_id('plain');
            echo cz_write('phpredis', $p, $codec, $kind, $level), cz_write('rustredis', $r, $codec, $kind, $level),
                cz_write('rustredis', $n, 'none', $kind);
            $byP = cz_stored($p); $byR = cz_stored($r); $plain = cz_stored($n);
            printf("%s level %d %s: %s, %s; %s; phpredis reads rustredis's: %s; rustredis reads phpredis's: %s\n",
                $codec, $level, $kind, cz_format($byR),
                $byP === $byR ? 'same bytes' : 'DIFFERENT BYTES (' . strlen($byP) . ' vs ' . strlen($byR) . ')',
                $kind === 'empty' ? 'empty' : (strlen($byR) < strlen($plain) / 2 ? 'under half the size' : strlen($byR) . ' of ' . strlen($plain) . ' bytes'),
                cz_read('phpredis', $r, $codec, $kind), cz_read('rustredis', $p, $codec, $kind));
        }
    }
    // Below rustredis.compression_min_size: stored as it is, which phpredis reads.
    $m = rr_id("min$codec");
    echo cz_write('rustredis', $m, $codec, 'text', 3, ['rustredis.compression_min_size' => '1000000']);
    printf("%s below min_size: %s; phpredis reads it: %s\n", $codec, cz_format(cz_stored($m)), cz_read('phpredis', $m, $codec, 'text'));
}
?>
--EXPECT--
lzf level 3 text: lzf, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lzf level 3 binary: lzf, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lzf level 3 empty: empty, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lzf below min_size: raw; phpredis reads it: same
lz4 level 0 text: lz4, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 0 binary: lz4, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 0 empty: empty, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 3 text: lz4, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 3 binary: lz4, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 3 empty: empty, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 9 text: lz4, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 9 binary: lz4, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 level 9 empty: empty, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
lz4 below min_size: raw; phpredis reads it: same
zstd level 1 text: zstd, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 1 binary: zstd, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 1 empty: zstd, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 3 text: zstd, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 3 binary: zstd, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 3 empty: zstd, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 19 text: zstd, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 19 binary: zstd, same bytes; under half the size; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd level 19 empty: zstd, same bytes; empty; phpredis reads rustredis's: same; rustredis reads phpredis's: same
zstd below min_size: raw; phpredis reads it: same
