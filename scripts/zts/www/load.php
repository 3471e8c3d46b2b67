<?php
// Load: the session of the cookie's id must hold that id and nothing of
// another request's (each session records its own id when it is created).
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
$id = preg_replace('/[^A-Za-z0-9]/', '', $_COOKIE['PHPSESSID'] ?? '');
$bad = [];
if (session_id() !== '') $bad[] = 'an id before session_start: ' . session_id();
if (isset($_SESSION)) $bad[] = '$_SESSION before session_start';
session_id($id);
if (!session_start()) $bad[] = 'session_start failed';
if (!isset($_SESSION['id'])) {
    if ($_SESSION !== []) $bad[] = 'a new session is not empty';
    $_SESSION = ['id' => $id, 'n' => 0];
} elseif ($_SESSION['id'] !== $id) {
    $bad[] = 'session of another id: ' . $_SESSION['id'];
}
$_SESSION['n']++;
session_write_close();
if ($bad) { http_response_code(500); echo implode('; ', $bad); } else { echo 'ok'; }
