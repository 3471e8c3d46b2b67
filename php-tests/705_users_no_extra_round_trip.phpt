--TEST--
users: a bound session costs no extra round trip (counted by a proxy): the request that binds, later requests, lazy writes and regeneration take 2, as unbound ones, locked or not
--SKIPIF--
<?php include __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/users.inc';
ini_set('session.save_path', rr_path());
$base = ['session.save_handler' => 'rustredis', 'session.use_cookies' => '0', 'session.cache_limiter' => ''];
foreach (['1' => 'locked', '0' => 'unlocked'] as $locking => $name) {
    $ini = $base + ['rustredis.locking_enabled' => $locking];
    $user = 'gina-' . bin2hex(random_bytes(4));
    $id = rr_id('rt');
    rr_cmd(['SET', "PHPREDIS_SESSION:$id", 'a|i:1;']);
    $start = 'ini_set("session.save_path", $path); session_id("' . $id . '"); session_start();';
    foreach ([
        'binds' => $start . ' RustRedis\bind_user("' . $user . '"); $_SESSION["a"]++; session_write_close();',
        'bound, modified' => $start . ' $_SESSION["a"]++; session_write_close();',
        'bound, unmodified (lazy_write)' => $start . ' session_write_close();',
    ] as $what => $code) {
        printf("%s, %s: %d\n", $name, $what, rr_round_trips($code, $ini + ['session.lazy_write' => '1']));
    }
    var_dump(us_fingerprints($user) === us_of([$id]));
}
?>
--EXPECT--
locked, binds: 2
locked, bound, modified: 2
locked, bound, unmodified (lazy_write): 2
bool(true)
unlocked, binds: 2
unlocked, bound, modified: 2
unlocked, bound, unmodified (lazy_write): 2
bool(true)
