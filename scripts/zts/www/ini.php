<?php
// ?set=0 turns locking off for this request only (ini_set), then ?sleep=MS.
// Answers "locking=<ini value> lock=<1 if its session's lock key exists>".
ini_set('session.use_cookies', '0');
ini_set('session.cache_limiter', '');
if (isset($_GET['set'])) ini_set('rustredis.locking_enabled', $_GET['set']);
$id = 'zini' . bin2hex(random_bytes(8));
session_id($id);
if (!session_start()) { http_response_code(500); exit('session_start failed'); }
// Is the session locked now? Ask Redis itself (RESP, loopback).
$r = fsockopen('127.0.0.1', (int) $_GET['redis'], $errno, $errstr, 2);
$key = "PHPREDIS_SESSION:{$id}_LOCK";
fwrite($r, "*2\r\n$6\r\nEXISTS\r\n$" . strlen($key) . "\r\n$key\r\n");
$locked = trim(fgets($r)) === ':1' ? 1 : 0;
if (isset($_GET['sleep'])) usleep((int) $_GET['sleep'] * 1000);
echo 'locking=', ini_get('rustredis.locking_enabled'), ' lock=', $locked;
session_write_close();
