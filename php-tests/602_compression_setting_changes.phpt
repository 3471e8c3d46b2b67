--TEST--
compression: changing rustredis.compression (none -> lz4 -> zstd -> none -> lzf -> ...) loses nothing: each request reads what the last one stored, whatever it was stored with
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
$id = rr_id('switch');
$steps = ['none', 'lz4', 'zstd', 'none', 'lzf', 'zstd', 'lzf', 'lz4', 'none', 'lzf', 'none'];
foreach ($steps as $codec) {
    $out = lk_run('session_id(' . lk_q($id) . '); if (!session_start()) { echo "start failed\n"; }'
        . '$_SESSION["n"] = ($_SESSION["n"] ?? 0) + 1; $_SESSION["codecs"][] = ' . lk_q($codec) . ';'
        . '$_SESSION["pad"] = str_repeat("compressible ", 300); session_write_close(); echo $_SESSION["n"];',
        ['rustredis.compression' => $codec]);
    echo "$codec: n=$out, stored as ", cz_format(cz_stored($id)), "\n";
}
echo trim(lk_run('session_id(' . lk_q($id) . '); session_start(); echo implode(",", $_SESSION["codecs"]);')), "\n";
?>
--EXPECT--
none: n=1, stored as raw
lz4: n=2, stored as lz4
zstd: n=3, stored as zstd
none: n=4, stored as raw
lzf: n=5, stored as lzf
zstd: n=6, stored as zstd
lzf: n=7, stored as lzf
lz4: n=8, stored as lz4
none: n=9, stored as raw
lzf: n=10, stored as lzf
none: n=11, stored as raw
none,lz4,zstd,none,lzf,zstd,lzf,lz4,none,lzf,none
