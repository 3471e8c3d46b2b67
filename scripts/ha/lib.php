<?php
// Helpers for the high-availability tests (scripts/test-ha.sh): a tiny RESP
// client (loopback only), cluster redirects, and the session ini the tests use.

/** Opens a connection to 127.0.0.1:$port (never any other address). */
function ha_conn(int $port, float $timeout = 2.0) {
    $s = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, $timeout);
    if (!$s) { throw new RuntimeException("127.0.0.1:$port unreachable: $errstr"); }
    stream_set_timeout($s, (int) ceil($timeout));
    return $s;
}

/** One command on a fresh connection to $port; server errors come back as RuntimeException objects. */
function ha_cmd(int $port, array $argv, float $timeout = 2.0) {
    static $conns = [];
    if (!isset($conns[$port])) { $conns[$port] = ha_conn($port, $timeout); }
    try {
        return ha_send($conns[$port], $argv);
    } catch (RuntimeException $e) {
        unset($conns[$port]);
        throw $e;
    }
}

require_once __DIR__ . '/../lib/resp.php';

function ha_send($s, array $argv) { return resp_command($s, $argv); }

/** A command for a key on a cluster, following MOVED/ASK (bounded). */
function ha_cluster_cmd(int $port, array $argv) {
    for ($i = 0; $i < 5; $i++) {
        $r = ha_cmd($port, $argv);
        if ($r instanceof RuntimeException && preg_match('/^(MOVED|ASK) \d+ 127\.0\.0\.1:(\d+)/', $r->getMessage(), $m)) {
            $port = (int) $m[2];
            if ($m[1] === 'ASK') { ha_cmd($port, ['ASKING']); }
            continue;
        }
        return $r;
    }
    throw new RuntimeException('too many cluster redirects for ' . implode(' ', $argv));
}

/** [host, port] of the master the sentinel on $sentinelPort names. */
function ha_sentinel_master(int $sentinelPort, string $name): ?array {
    $r = ha_cmd($sentinelPort, ['SENTINEL', 'get-master-addr-by-name', $name]);
    return is_array($r) ? [$r[0], (int) $r[1]] : null;
}

/** slot => port of the master serving it, from CLUSTER SLOTS on $port. */
function ha_cluster_slot_owner(int $port): array {
    $owner = [];
    foreach (ha_cmd($port, ['CLUSTER', 'SLOTS']) as $range) {
        for ($s = $range[0]; $s <= $range[1]; $s++) { $owner[$s] = (int) $range[2][1]; }
    }
    return $owner;
}

/** Installs an error handler that records every warning/notice in $GLOBALS['ha_warnings']. */
function ha_record_warnings(): void {
    $GLOBALS['ha_warnings'] = [];
    set_error_handler(function (int $no, string $str) {
        $GLOBALS['ha_warnings'][] = $str;
        return true;
    });
}

/**
 * The master ports of a checker's topology: --mode=cluster --nodes=P1,P2,...
 * (the nodes whose ROLE is master), or the master --sentinel=PORT names for
 * --master=NAME.
 */
function ha_masters(array $o): array {
    if ($o['mode'] === 'cluster') {
        $masters = [];
        foreach (explode(',', $o['nodes']) as $p) {
            $r = ha_cmd((int) $p, ['ROLE']);
            if (is_array($r) && $r[0] === 'master') { $masters[] = (int) $p; }
        }
        return $masters;
    }
    [, $mport] = ha_sentinel_master((int) $o['sentinel'], $o['master']);
    return [$mport];
}

/** Command line options --name=value into an array. */
function ha_opts(array $argv): array {
    $o = [];
    foreach (array_slice($argv, 1) as $a) {
        if (preg_match('/^--([a-z_-]+)=(.*)$/s', $a, $m)) { $o[$m[1]] = $m[2]; }
    }
    return $o;
}

/** Reads a load log: list of [start, end, id, ok, n, warning]. */
function ha_read_log(string $file): array {
    $rows = [];
    foreach (file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $l) {
        $f = explode("\t", $l, 6);
        if (count($f) < 5) { continue; }
        $rows[] = [(float) $f[0], (float) $f[1], $f[2], (int) $f[3], (int) $f[4], $f[5] ?? ''];
    }
    return $rows;
}
