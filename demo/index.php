<?php
// rustredis demo app, served by two PHP web servers ("web1", "web2") that
// share their sessions through Redis (session.save_handler=rustredis).
//
//   /?login=NAME   log in as NAME (starts a session)
//   /?incr=1       add 1 to this session's counter (read, think 10 ms, write)
//   /              show the session
//   /?ping=1       answer without touching the session
// The answer is plain text, one "name=value" per line.
header('Content-Type: text/plain');
$server = getenv('DEMO_SERVER') ?: $_SERVER['SERVER_PORT'];

if (isset($_GET['ping'])) {
    echo "server=$server\npong\n";
    return;
}

if (session_start() === false) {
    // rustredis has logged a warning naming the cause (e.g. connection refused).
    http_response_code(503);
    echo "server=$server\nerror=session store unavailable\n";
    return;
}
if (isset($_GET['login'])) {
    session_regenerate_id(true);
    $_SESSION['user'] = (string) $_GET['login'];
    $_SESSION['count'] = 0;
}
if (isset($_GET['incr'])) {
    $count = $_SESSION['count'] ?? 0;
    usleep(10000); // a request's work between read and write: the race window
    $_SESSION['count'] = $count + 1;
}
echo "server=$server\n";
echo 'user=', $_SESSION['user'] ?? '(not logged in)', "\n";
echo 'count=', $_SESSION['count'] ?? 0, "\n";
echo 'session=', session_id(), "\n";
