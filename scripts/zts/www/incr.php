<?php
// One increment of the session ?id=; answers "n tid pid". ?hold=MS keeps the
// session (and its lock) that long after reading it; ?exit=1 ends the
// request without closing the session (the request-end safety net releases).
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
session_id(preg_replace('/[^A-Za-z0-9]/', '', $_GET['id'] ?? 'none'));
$t0 = hrtime(true);
if (!session_start()) { http_response_code(500); exit('session_start failed'); }
$waited = (hrtime(true) - $t0) / 1e6;
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
$_SESSION['by'][] = $_GET['tag'] ?? '';
$tid = (int) explode(' ', (string) @file_get_contents('/proc/thread-self/stat'))[0];
if (isset($_GET['hold'])) usleep((int) $_GET['hold'] * 1000);
if (isset($_GET['exit'])) { echo "{$_SESSION['n']} $tid " . getmypid(); exit; }
session_write_close();
printf("%d %d %d %.0f %s", $_SESSION['n'], $tid, getmypid(), $waited, implode(',', $_SESSION['by']));
