<?php
// One handler and codec (selected with -d on the command line) on one
// payload: CLI cycles/s and what the session costs Redis.
//   php -n <handler -d args> compress.php REDIS_PORT KIND SECONDS
// KIND hex64k: the CLI section's 64 KiB payload (hex of random bytes, as
// compressible as such data gets: 2:1); cart: a realistic serialized array
// (a shop cart and a form: repeated keys, short strings, numbers), ~20 KB.
// A cycle = session_id() + session_start() + modify + session_write_close()
// over 100 sessions created beforehand. Prints one line:
// "cycles/s failures wire_bytes_per_cycle stored_bytes memory_usage".
require __DIR__ . '/common.php';
[$self, $port, $kind, $secs] = $argv + [null, '6379', 'cart', '2'];
$secs = (float) $secs;
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
mt_srand(7);
$payload = match ($kind) {
    // Seeded: both handlers store the same session, byte for byte.
    'hex64k' => ['p' => implode('', array_map(fn () => dechex(mt_rand(0, 15)), range(1, 65536)))],
    'cart' => [
        'user' => ['id' => 912834, 'name' => 'Ada Lovelace', 'email' => 'ada@example.org', 'roles' => ['customer', 'newsletter']],
        'cart' => array_map(fn ($i) => ['sku' => sprintf('SKU-%05d', mt_rand(0, 99999)), 'qty' => mt_rand(1, 5),
            'price' => mt_rand(100, 99999) / 100, 'title' => 'Product ' . mt_rand(1, 5000) . ' in blue, size ' . ['S', 'M', 'L'][$i % 3],
            'added' => 1764590000 + $i * 37], range(0, 119)),
        'form' => array_combine(array_map(fn ($i) => "field_$i", range(0, 39)), array_map(fn ($i) => str_repeat('lorem ipsum ', $i % 5 + 1), range(0, 39))),
        'flash' => ['notice' => 'Your cart was updated.'],
        'csrf' => implode('', array_map(fn () => dechex(mt_rand(0, 15)), range(1, 64))),
    ],
};
$tag = 'z' . bin2hex(random_bytes(6));
$ids = [];
for ($i = 0; $i < 100; $i++) {
    $ids[] = "{$tag}e$i";
    session_id($ids[$i]);
    if (!session_start()) { fwrite(STDERR, "compress: setup session_start failed\n"); exit(1); }
    $_SESSION = $payload + ['n' => 0];
    session_write_close();
}
$r = redis_connect((int) $port);
$net = fn () => redis_info_int($r, 'stats', 'total_net_input_bytes') + redis_info_int($r, 'stats', 'total_net_output_bytes');
$fail = 0;
foreach ([0.1 * $secs, $secs] as $len) {
    $n = 0;
    $before = $net();
    $end = hrtime(true) + (int) ($len * 1e9);
    $t0 = hrtime(true);
    do {
        session_id($ids[$n % 100]);
        if (!session_start()) { $fail++; $n++; continue; }
        $_SESSION['n']++;
        session_write_close();
        $n++;
    } while (($now = hrtime(true)) < $end);
    $elapsed = ($now - $t0) / 1e9;
    $wire = ($net() - $before) / max($n, 1);
}
$key = "PHPREDIS_SESSION:{$ids[0]}";
printf("%.1f %d %.0f %d %d\n", $n / $elapsed, $fail, $wire, redis_cmd($r, ['STRLEN', $key]),
    redis_cmd($r, ['MEMORY', 'USAGE', $key, 'SAMPLES', '0']));
