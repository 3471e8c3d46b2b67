--TEST--
round trips on the wire (counted by a proxy): 2 per request, locked or not, modified or not, strict mode or not (and once per process the eviction check)
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/config.inc';
$id = rr_id('rt');
rr_cmd(['SET', "PHPREDIS_SESSION:$id", 'a|i:1;']);
$cycle = 'ini_set("session.save_path", $path); session_id("' . $id . '"); session_start(); %s session_write_close();';
$base = ['session.save_handler' => 'rustredis', 'session.use_cookies' => '0', 'session.cache_limiter' => ''];
foreach ([
    'locked, modified' => [sprintf($cycle, '$_SESSION["a"]++;'), []],
    'locked, unmodified (lazy_write)' => [sprintf($cycle, ''), ['session.lazy_write' => '1']],
    'locked, strict mode' => [sprintf($cycle, '$_SESSION["a"]++;'), ['session.use_strict_mode' => '1']],
    'unlocked, modified' => [sprintf($cycle, '$_SESSION["a"]++;'), ['rustredis.locking_enabled' => '0']],
    'unlocked, unmodified (lazy_write)' => [sprintf($cycle, ''), ['rustredis.locking_enabled' => '0']],
    'unlocked, strict mode' => [sprintf($cycle, '$_SESSION["a"]++;'), ['rustredis.locking_enabled' => '0', 'session.use_strict_mode' => '1']],
    'locked, new session' => ['ini_set("session.save_path", $path); session_start(); $_SESSION["x"] = 1; session_write_close();', []],
] as $what => [$code, $ini]) {
    printf("%s: %d\n", $what, rr_round_trips($code, $base + $ini));
}
var_dump(rr_cmd(['GET', "PHPREDIS_SESSION:$id"]));
// Each run is a new process: its first connection read the eviction policy.
echo "INFO memory once per process: ", implode(',', array_unique($GLOBALS['rr_info_trips'])), "\n";
?>
--EXPECT--
locked, modified: 2
locked, unmodified (lazy_write): 2
locked, strict mode: 2
unlocked, modified: 2
unlocked, unmodified (lazy_write): 2
unlocked, strict mode: 2
locked, new session: 2
string(6) "a|i:9;"
INFO memory once per process: 1
