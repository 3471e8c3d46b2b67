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
//   ?fmt=text                plain "name=value" lines (the scripted client)
//   ?nolock=1                DEMO ONLY: turns session locking off for this
//                            request, to show the lost updates locking prevents
//                            (a real application never lets a request choose)
$server = getenv('DEMO_SERVER') ?: 'php-fpm pid ' . getmypid();
$text = ($_GET['fmt'] ?? '') === 'text';
$action = $_SERVER['REQUEST_METHOD'] === 'POST' ? (string) ($_POST['action'] ?? '') : '';
header('X-Demo-Server: ' . $server);
header('Cache-Control: no-store');

function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES);
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
 form { display: inline; }
</style></head>
<body>
<h1>rustredis demo</h1>
<p class="sub">nginx (round robin) &rarr; php-fpm <b>web1</b> / <b>web2</b> &rarr; sessions in Redis</p>
<p>This page was served by <span class="server" id="server">{$server}</span></p>
{$body}
</body></html>

HTML;
}

if (isset($_GET['ping'])) {
    $text ? text_page(['server' => $server, 'pong' => 1]) : html_page($server, 'ping', '<p>pong</p>');
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
        'session' => $sid,
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
$key = h('PHPREDIS_SESSION:' . $sid);
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
<p class="sub">Redis key: <code>{$key}</code></p>
HTML);
