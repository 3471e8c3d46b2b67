--TEST--
compression: an unknown rustredis.compression fails the session with one warning; ini_set() takes any case; the class's compression options; stats, metrics and phpinfo show it
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--INI--
session.save_handler=rustredis
session.use_cookies=0
session.cache_limiter=
--FILE--
<?php
require __DIR__ . '/compression.inc';
ini_set('session.save_path', rr_path());
// A typo in php.ini: no session rather than silently uncompressed ones.
echo lk_run('session_id(' . lk_q(rr_id('typo')) . '); var_dump(session_start());', ['rustredis.compression' => 'gzip']);
// Any case, like phpredis.
var_dump(ini_set('rustredis.compression', 'ZSTD'), ini_get('rustredis.compression'));
$before = RustRedis\stats();
$id = rr_id('ini');
session_id($id);
session_start();
$_SESSION['pad'] = str_repeat('abcdef', 1000);
session_write_close();
session_id($id);
session_start();
echo 'stored: ', cz_format(cz_stored($id)), ', read: ', strlen($_SESSION['pad']), "\n";
session_write_close();
$s = RustRedis\stats();
printf("compressed_writes +%d, decompressed_reads +%d, stored %s than given\n",
    $s['compressed_writes'] - $before['compressed_writes'], $s['decompressed_reads'] - $before['decompressed_reads'],
    $s['bytes_compressed'] - $before['bytes_compressed'] < ($s['bytes_uncompressed'] - $before['bytes_uncompressed']) / 10 ? 'ten times smaller' : 'not much smaller');
$m = RustRedis\metrics();
foreach (['rustredis_compressed_writes_total', 'rustredis_bytes_uncompressed_total', 'rustredis_bytes_compressed_total', 'rustredis_decompressed_reads_total'] as $name) {
    echo $name, ': ', str_contains($m, "# TYPE $name counter") ? 'present' : 'MISSING', "\n";
}
ob_start(); phpinfo(INFO_MODULES); $info = ob_get_clean();
preg_match('/^Compression => (.*)$/m', $info, $row);
echo 'phpinfo: ', $row[1] ?? 'no row', "\n";
// The class: its options win over the ini.
$h = new RustRedis\SessionHandler(rr_path(), ['compression' => 'lz4', 'compression_level' => 0, 'compression_min_size' => 10]);
$c = rr_id('class');
var_dump($h->write($c, str_repeat('xyz', 500)), cz_format(cz_stored($c)), strlen($h->read($c)));
var_dump($h->write($c, 'tiny'), cz_stored($c));
foreach ([['compression' => 'gzip'], ['compression_level' => 'high'], ['compression_min_size' => -1]] as $bad) {
    try { new RustRedis\SessionHandler(rr_path(), $bad); } catch (InvalidArgumentException $e) { echo $e->getMessage(), "\n"; }
}
?>
--EXPECTF--
Warning: session_start(): rustredis.compression names no codec rustredis knows (none, lzf, lz4 or zstd): sessions are not started until it is set right in Command line code on line 1

Warning: session_start(): Failed to read session data: rustredis (path: tcp://127.0.0.1:%d) in Command line code on line 1
bool(false)
string(4) "none"
string(4) "ZSTD"
stored: zstd, read: 6000
compressed_writes +1, decompressed_reads +1, stored ten times smaller than given
rustredis_compressed_writes_total: present
rustredis_bytes_uncompressed_total: present
rustredis_bytes_compressed_total: present
rustredis_decompressed_reads_total: present
phpinfo: zstd, level 3; available: lzf, lz4, zstd
bool(true)
string(3) "lz4"
int(1500)
bool(true)
string(4) "tiny"
RustRedis\SessionHandler: option "compression" must be one of "none", "lzf", "lz4", "zstd"
RustRedis\SessionHandler: option "compression_level" must be an integer
RustRedis\SessionHandler: option "compression_min_size" must be an integer of 0 or more
