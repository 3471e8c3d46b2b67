<?php
// One request of a multi-tenant site (a fixed id per tenant: strict mode is
// off, see test-fpm.sh): the tenant's own key prefix, set at
// runtime as applications do, then a session increment.
if (isset($_GET['stats'])) {
    // The pool's counters, from whichever worker serves this request.
    header('Content-Type: application/json');
    exit(json_encode(RustRedis\stats()));
}
if (isset($_GET['metrics'])) {
    // The same in Prometheus's text format: an application's /metrics.
    header('Content-Type: text/plain; version=0.0.4');
    exit(RustRedis\metrics());
}
$tenant = (int) ($_GET['tenant'] ?? 0);
ini_set('session.save_path', getenv('TENANT_REDIS') . "?prefix=tenant$tenant:");
session_id('fpmtenant' . $tenant);
if (!session_start()) { http_response_code(500); exit("session_start failed\n"); }
$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
echo session_write_close() ? "ok {$_SESSION['n']}\n" : "write failed\n";
