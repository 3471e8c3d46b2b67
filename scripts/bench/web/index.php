<?php
// The page of the web benchmark: starts the session and increments a counter.
// ?read=1 only reads the counter (read_and_close). 503 when the session
// cannot be started (e.g. the lock could not be had).
$read = isset($_GET['read']);
if (!session_start($read ? ['read_and_close' => true] : [])) {
    http_response_code(503);
    echo "FAIL\n";
    return;
}
if (!$read) {
    $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
}
echo $_SESSION['n'] ?? 0, "\n";
