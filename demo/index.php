<?php
// rustredis demo app. nginx balances the requests round robin over two
// php-fpm pools, "web1" and "web2" (env[DEMO_SERVER] in each pool's config),
// which share their sessions through Redis (session.save_handler=rustredis).
//
//   GET  /                   the page: who is logged in, which server answered
//   POST / action=login&user=NAME   log in (new session id)
//   POST / action=incr       add 1 to this session's counter
//   POST / action=logout     log out (the session is destroyed)
//   GET  /?ping=1            answer without touching the session
//   GET  /stats (/?stats=1)  the session traffic of this php-fpm pool
//                            (RustRedis\stats()); starts no session
//   GET  /metrics (/?metrics=1)  the same in Prometheus's text format
//                            (RustRedis\metrics()); starts no session
//   ?fmt=text                plain "name=value" lines (the scripted client)
//   ?nolock=1                DEMO ONLY: turns session locking off for this
//                            request, to show the lost updates locking prevents
//                            (a real application never lets a request choose)
require_once __DIR__ . '/histogram.php';
$server = getenv('DEMO_SERVER') ?: 'php-fpm pid ' . getmypid();
$text = ($_GET['fmt'] ?? '') === 'text';
$action = $_SERVER['REQUEST_METHOD'] === 'POST' ? (string) ($_POST['action'] ?? '') : '';
header('X-Demo-Server: ' . $server);
header('Cache-Control: no-store');

function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES);
}

/**
 * How rustredis names a session in its warnings ("#" and 12 hex digits of
 * the id's SHA-256): the page never shows the id itself, a credential.
 */
function fingerprint(string $id): string
{
    return function_exists('RustRedis\fingerprint') ? \RustRedis\fingerprint($id)
        : '#' . substr(hash('sha256', $id), 0, 12);
}

/** The plain text answer: one name=value per line. */
function text_page(array $fields): void
{
    header('Content-Type: text/plain; charset=utf-8');
    foreach ($fields as $k => $v) {
        echo $k, '=', $v, "\n";
    }
}

/** The HTML page around $body. */
function html_page(string $server, string $title, string $body): void
{
    $color = ['web1' => '#1565c0', 'web2' => '#e65100'][$server] ?? '#555';
    header('Content-Type: text/html; charset=utf-8');
    echo <<<HTML
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>rustredis demo: {$title}</title>
<style>
 body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; color: #222; }
 h1 { font-size: 1.4rem; margin-bottom: .2rem; }
 .sub { color: #666; margin-top: 0; }
 .server { display: inline-block; padding: .3rem .8rem; border-radius: .4rem; color: #fff;
           background: {$color}; font-weight: bold; }
 .box { border: 1px solid #ddd; border-radius: .5rem; padding: 1rem 1.2rem; margin: 1rem 0; }
 .seen span { display: inline-block; padding: 0 .4rem; margin: .1rem; border-radius: .3rem;
              color: #fff; font-size: .9rem; }
 .web1 { background: #1565c0; } .web2 { background: #e65100; }
 .error { border-color: #c62828; background: #ffebee; }
 button { font: inherit; padding: .3rem .9rem; }
 input { font: inherit; padding: .25rem .5rem; }
 code { background: #f4f4f4; padding: 0 .25rem; }
 table { border-collapse: collapse; margin: .3rem 0 .6rem; }
 th, td { padding: .1rem .7rem .1rem 0; text-align: left; vertical-align: top; }
 td.n { text-align: right; font-variant-numeric: tabular-nums; }
 .cols { display: flex; gap: 2.5rem; flex-wrap: wrap; }
 .bar { display: inline-block; height: .8rem; background: #7cb342; border-radius: .15rem; }
 .warn { color: #c62828; font-weight: bold; } .ok { color: #2e7d32; }
 .nav { margin-top: 1.5rem; }
 form { display: inline; }
</style></head>
<body>
<h1>rustredis demo</h1>
<p class="sub">nginx (round robin) &rarr; php-fpm <b>web1</b> / <b>web2</b> &rarr; sessions in Redis</p>
<p>This page was served by <span class="server" id="server">{$server}</span></p>
{$body}
<p class="sub nav"><a href="/" id="home-link">the demo</a> &middot;
 <a href="/stats" id="stats-link">session traffic of this pool</a> &middot;
 <a href="/metrics" id="metrics-link">/metrics</a></p>
</body></html>

HTML;
}

/** Labels of the counters the stats page shows, in its order. */
const STATS_MAIN = [
    'sessions_opened' => 'sessions opened',
    'reads_hit' => 'reads hit (data found)',
    'reads_miss' => 'reads miss (no data)',
    'writes' => 'writes',
    'ttl_refreshes' => 'TTL refreshes (lazy writes)',
    'destroys' => 'destroys',
    'ids_created' => 'ids created',
    'readonly_starts' => 'read-only starts',
    'bytes_read' => 'bytes read',
    'bytes_written' => 'bytes written',
    'connections_opened' => 'connections opened',
];
const STATS_LOCKS = [
    'locks_taken' => 'locks taken',
    'lock_waits' => 'lock waits (had to wait)',
    'lock_timeouts' => 'lock timeouts',
    'locks_lost' => 'locks lost (write refused)',
];
const STATS_ERRORS = [
    'errors_refused' => 'refused / server full',
    'errors_timeout' => 'timed out',
    'errors_auth' => 'authentication',
    'errors_oom' => 'OOM (maxmemory)',
    'errors_readonly' => 'READONLY',
    'errors_noperm' => 'NOPERM (ACL)',
    'errors_other' => 'other',
];

/** GET /stats: this pool's RustRedis\stats(), as HTML or name=value lines. */
function stats_page(string $server, bool $text): void
{
    if (!function_exists('RustRedis\\stats')) {
        http_response_code(500);
        $text ? text_page(['server' => $server, 'error' => 'rustredis is not loaded'])
            : html_page($server, 'stats', '<p class="error">rustredis is not loaded</p>');
        return;
    }
    $st = \RustRedis\stats();
    $buckets = [];
    foreach ($st['lock_wait_ms'] as $le => $count) {
        $buckets[(string) $le] = (int) $count;
    }
    $servers = $st['servers'] ?? [];
    if ($text) {
        $f = ['server' => $server, 'scope' => $st['scope']];
        foreach ($st as $k => $v) {
            if (is_int($v)) {
                $f[$k] = $v;
            }
        }
        foreach ($buckets as $le => $count) {
            $f["lock_wait_ms.$le"] = $count;
        }
        $f['lock_wait_p50'] = median_bucket($buckets);
        foreach ($servers as $label => $row) {
            $f["store.$label.maxmemory_policy"] = $row['maxmemory_policy'];
            $f["store.$label.evicts_sessions"] = $row['evicts_sessions'] ? 1 : 0;
            $f["store.$label.locks_taken"] = $row['locks_taken'];
        }
        text_page($f);
        return;
    }
    $rows = function (array $labels) use ($st): string {
        $out = '';
        foreach ($labels as $k => $label) {
            $out .= '<tr><th>' . h($label) . '</th><td class="n" id="' . h($k) . '">'
                . number_format((int) $st[$k]) . "</td></tr>\n";
        }
        return $out;
    };
    $main = $rows(STATS_MAIN);
    $locks = $rows(STATS_LOCKS);
    $errors = $rows(STATS_ERRORS);
    $max = max(1, ...array_values($buckets));
    $hist = '';
    foreach ($buckets as $le => $count) {
        $width = $count === 0 ? 0 : max(2, (int) round(160 * $count / $max));
        $hist .= '<tr><th>' . ($le === '+Inf' ? '&gt; 30000 ms' : '&le; ' . h($le) . ' ms') . '</th>'
            . '<td class="n">' . number_format($count) . '</td>'
            . "<td><span class=\"bar\" style=\"width: {$width}px\"></span></td></tr>\n";
    }
    $waits = array_sum($buckets);
    $sumMs = number_format((int) $st['lock_wait_sum_ms']);
    $median = str_replace('&lt;=', '&le; ', h(median_bucket($buckets)));
    $stores = '';
    foreach ($servers as $label => $row) {
        $evicts = $row['evicts_sessions']
            ? '<span class="warn">yes: it may evict sessions to free memory</span>'
            : '<span class="ok">no</span>';
        $stores .= '<tr><td><code>' . h((string) $label) . '</code></td><td><code>'
            . h((string) $row['maxmemory_policy']) . "</code></td><td>$evicts</td><td class=\"n\">"
            . number_format((int) $row['sessions_opened']) . "</td></tr>\n";
    }
    if ($stores === '') {
        $stores = '<tr><td colspan="4">(no Redis server used by this pool yet)</td></tr>';
    }
    $scope = h((string) $st['scope']);
    $whose = $st['scope'] === 'pool' ? 'the counters of every worker of this php-fpm master, since it started'
        : 'the counters of this PHP process only';
    $s = h($server);
    html_page($server, "stats of $s", <<<HTML
<div class="box" id="stats">
<h2>Session traffic of this php-fpm pool ({$s})</h2>
<p>Scope: <b id="scope">{$scope}</b> &mdash; {$whose} (<code>RustRedis\stats()</code>).
The other web server is a pool of its own: <a href="/stats" id="stats-reload">reload</a>
to see its numbers. Reading them starts no session.</p>
<div class="cols">
<div><h3>Sessions</h3><table>
{$main}</table></div>
<div><h3>Locks</h3><table>
{$locks}</table>
<h3>Errors by cause</h3><table>
{$errors}</table></div>
</div>
<h3>Lock waits: how long a request waited for its session's lock</h3>
<table id="histogram">
{$hist}</table>
<p>{$waits} waits, {$sumMs} ms in all; the median wait is in bucket <b id="p50">{$median}</b>.</p>
<h3>Redis servers</h3>
<table id="stores"><tr><th>server</th><th>maxmemory-policy</th><th>may evict sessions</th><th>sessions opened</th></tr>
{$stores}</table>
</div>
HTML);
}

if (isset($_GET['ping'])) {
    $text ? text_page(['server' => $server, 'pong' => 1]) : html_page($server, 'ping', '<p>pong</p>');
    return;
}

$path = (string) parse_url((string) ($_SERVER['REQUEST_URI'] ?? '/'), PHP_URL_PATH);
if ($path === '/metrics' || isset($_GET['metrics'])) {
    // What a Prometheus scrape of this pool sees. No session.
    header('Content-Type: text/plain; version=0.0.4; charset=utf-8');
    echo function_exists('RustRedis\\metrics') ? \RustRedis\metrics() : "# rustredis is not loaded\n";
    return;
}
if ($path === '/stats' || isset($_GET['stats'])) {
    // This php-fpm master's counters (every worker of it: scope "pool").
    // Reading them starts no session.
    stats_page($server, $text);
    return;
}

if (isset($_GET['nolock'])) {
    // DEMO ONLY (see the top): without the lock, concurrent requests of one
    // session overwrite each other's changes.
    ini_set('rustredis.locking_enabled', '0');
}

// Anonymous visitors get no session: one starts at login, or with the cookie.
$wantSession = isset($_COOKIE[session_name()]) || $action === 'login';
if ($wantSession && session_start() === false) {
    // Fail closed: rustredis has logged why (e.g. "cannot connect to Redis at
    // tcp://127.0.0.1:PORT: connection refused"). No session, no fallback.
    http_response_code(503);
    $handler = ini_get('session.save_handler');
    if ($text) {
        text_page(['server' => $server, 'error' => 'session store unavailable', 'handler' => $handler]);
    } else {
        html_page($server, 'session store unavailable', '<div class="box error" id="error">'
            . '<h2>Session store unavailable</h2><p>The sessions live in Redis, which does not '
            . 'answer right now. Please try again in a moment.</p>'
            . '<p><a href="/">Try again</a></p></div>');
    }
    return;
}

switch ($action) {
    case 'login':
        $user = trim((string) ($_POST['user'] ?? ''));
        if ($user !== '') {
            session_regenerate_id(true); // a new id at login (session fixation)
            $_SESSION = ['user' => substr($user, 0, 40), 'count' => 0, 'seen' => []];
        }
        break;
    case 'logout':
        if (session_status() !== PHP_SESSION_ACTIVE) {
            break;
        }
        $_SESSION = [];
        session_destroy();
        $p = session_get_cookie_params();
        setcookie(session_name(), '', ['expires' => 1, 'path' => $p['path']]);
        break;
    case 'incr':
        if (isset($_SESSION['user'])) {
            $count = $_SESSION['count'] ?? 0;
            usleep(10000); // the request's work between read and write: the race window
            $_SESSION['count'] = $count + 1;
        }
        break;
}
if ($action !== '' && !$text) {
    header('Location: /', true, 303); // post/redirect/get
    return;
}

$user = $_SESSION['user'] ?? null;
if ($user !== null) {
    $_SESSION['seen'] = array_slice([...($_SESSION['seen'] ?? []), $server], -10);
}
$seen = $_SESSION['seen'] ?? [];
$count = (int) ($_SESSION['count'] ?? 0);
$sid = session_id();

if ($text) {
    text_page([
        'server' => $server,
        'user' => $user ?? '(not logged in)',
        'count' => $count,
        'seen' => implode(' ', $seen),
        'session' => $sid === '' ? '' : fingerprint($sid),
        'locking' => ini_get('rustredis.locking_enabled'),
    ]);
    return;
}

if ($user === null) {
    html_page($server, 'log in', <<<HTML
<div class="box" id="login">
<h2>Log in</h2>
<form method="post" action="/">
 <input type="hidden" name="action" value="login">
 <label>Name <input name="user" id="user" autofocus required></label>
 <button type="submit" id="login-button">Log in</button>
</form>
<p>Any name will do. The session is stored in Redis, so whichever web server
answers your next request knows you.</p>
</div>
HTML);
    return;
}

$seenHtml = implode(' ', array_map(fn ($s) => '<span class="' . h($s) . '">' . h($s) . '</span>', $seen));
$u = h($user);
$fp = h(fingerprint($sid));
html_page($server, $u, <<<HTML
<div class="box" id="session">
<h2>Logged in as <span id="who">{$u}</span></h2>
<p>Counter of this session: <b id="count">{$count}</b>
 <form method="post" action="/"><input type="hidden" name="action" value="incr">
 <button type="submit" id="incr">+1</button></form></p>
<p>This session's last requests were answered by:<br>
 <span class="seen" id="seen">{$seenHtml}</span></p>
<p><a href="/" id="reload">Reload</a> to be served by the other web server.
 <form method="post" action="/"><input type="hidden" name="action" value="logout">
 <button type="submit" id="logout">Log out</button></form></p>
</div>
<p class="sub">Redis key: <code>PHPREDIS_SESSION:&lt;id&gt;</code> of session
 <code id="fingerprint">{$fp}</code> (the id's fingerprint, as rustredis names it in its
 warnings: the id itself is a credential and is not shown)</p>
HTML);
