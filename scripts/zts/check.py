#!/usr/bin/env python3
"""The threaded-server checks of `make test-zts` (scripts/test-zts.sh starts
Apache with the ZTS mod_php and rustredis, then runs this).

Each check prints PASS or FAIL with its numbers; the exit status is 1 if any
failed. Everything talks to 127.0.0.1 only.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import uuid

ARGS = None
RESULTS = []
HERE = os.path.dirname(os.path.abspath(__file__))


def report(ok, what):
    RESULTS.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} [zts] {what}", flush=True)


def get(path, cookie=None, conn=None):
    """One GET; returns (status, body). Reuses `conn` (keep-alive) if given."""
    own = conn is None
    if own:
        host, port = ARGS.http.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {"Cookie": f"PHPSESSID={cookie}"} if cookie else {}
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    if own:
        conn.close()
    return resp.status, body


def connection():
    host, port = ARGS.http.split(":")
    return http.client.HTTPConnection(host, int(port), timeout=30)


def redis(*args):
    out = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(ARGS.redis), *args],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def threads_of(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^Threads:\s+(\d+)", f.read(), re.M).group(1))


def run_parallel(n, work):
    """Runs work(i) for i in range(n) on n threads; returns their results."""
    results = [None] * n

    def one(i):
        try:
            results[i] = work(i)
        except Exception as e:  # reported by the caller as a failure
            results[i] = e
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def check_process_model():
    kids = children(ARGS.master)
    ok = len(kids) == 1 and threads_of(kids[0]) >= ARGS.threads
    report(ok, f"one Apache worker process ({len(kids)}) with {threads_of(kids[0]) if kids else 0} threads "
               f"(>= {ARGS.threads})")
    return kids[0] if kids else None


def wrk(script, seconds=4, conns=28):
    # Fewer connections than threads: when every thread is busy, the event
    # MPM closes idle keep-alive connections (to send them to another
    # process), which wrk would count as read errors.
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", os.path.join(HERE, script), f"http://{ARGS.http}/load.php"],
                         capture_output=True, text=True)
    text = out.stdout + out.stderr
    requests = int(re.search(r"(\d+) requests in", text).group(1)) if "requests in" in text else 0
    bad = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    if errors or bad or not requests:
        print(text, flush=True)
    return requests, bad, errors


def check_load(worker):
    total = 0
    for script, what in (("../bench/distinct.lua", "a new session per request"),
                         ("reuse.lua", "500 sessions read back round robin")):
        requests, bad, errors = wrk(script)
        total += requests
        report(requests > 500 and bad == 0 and errors == 0,
               f"wrk, {what}: {requests} requests, {bad} failed, {errors} socket errors")
    alive = worker is not None and os.path.exists(f"/proc/{worker}")
    report(alive and children(ARGS.master) == [worker],
           f"the same worker process served all {total} load requests (no crash, no restart)")


def check_increments():
    sid = "zincr" + uuid.uuid4().hex[:16]
    conns = 25
    per = 8  # 25 x 8 = 200

    def work(i):
        c = connection()
        seen = []
        for _ in range(per):
            # Each holds the lock 10 ms: the others wait meanwhile, each
            # on a connection of the process's pool.
            status, body = get(f"/incr.php?id={sid}&hold=10", conn=c)
            if status != 200:
                raise RuntimeError(f"HTTP {status}: {body[:200]}")
            seen.append(body.split())
        c.close()
        return seen
    t0 = time.monotonic()
    results = run_parallel(conns, work)
    elapsed = time.monotonic() - t0
    errors = [r for r in results if isinstance(r, Exception)]
    answers = [a for r in results if isinstance(r, list) for a in r]
    tids = {a[1] for a in answers}
    pids = {a[2] for a in answers}
    final = get(f"/incr.php?id={sid}&tag=final")[1].split()
    n = int(final[0]) - 1 if final and final[0].isdigit() else -1
    report(not errors and n == conns * per and len(pids) == 1,
           f"{conns} x {per} concurrent increments of one session: {n} (want {conns * per}), "
           f"{len(tids)} threads of {len(pids)} process, {len(errors)} errors, {elapsed:.1f} s"
           + (f" (first: {errors[0]})" if errors else ""))
    counts = sorted(int(a[0]) for a in answers if a and a[0].isdigit())
    report(counts == list(range(1, conns * per + 1)),
           "every increment saw the one before it: the counts are 1..200, each once")


def check_safety_net_is_per_thread():
    """A holds a session's lock for 1.5 s; meanwhile 60 requests on other
    threads end (some without closing their session, so their request-end
    safety net runs). B, on another thread, must still wait for A."""
    held = "zhold" + uuid.uuid4().hex[:16]
    out = {}

    def holder():
        out["a"] = get(f"/incr.php?id={held}&hold=1500&tag=A")
    a = threading.Thread(target=holder)
    a.start()
    time.sleep(0.2)
    others = run_parallel(30, lambda i: [
        get(f"/incr.php?id=zother{uuid.uuid4().hex[:12]}" + ("&exit=1" if j % 2 else ""))[0]
        for j in range(2)])
    t0 = time.monotonic()
    status, body = get(f"/incr.php?id={held}&tag=B")
    waited = time.monotonic() - t0
    a.join()
    parts = body.split()
    ok = (status == 200 and parts[0] == "2" and parts[-1] == "A,B"
          and all(r == [200, 200] for r in others))
    report(ok, f"a lock held by one thread survives 60 requests ending on others (30 of them by exit()): "
               f"the next request waited {waited:.2f} s and saw the holder's write ({parts[-1] if parts else body})")


def check_ini_isolation():
    out = {}

    def turned_off():
        out["off"] = get(f"/ini.php?set=0&sleep=1000&redis={ARGS.redis}")
    t = threading.Thread(target=turned_off)
    t.start()
    time.sleep(0.2)
    during = run_parallel(20, lambda i: get(f"/ini.php?redis={ARGS.redis}"))
    t.join()
    after = run_parallel(40, lambda i: get(f"/ini.php?redis={ARGS.redis}"))
    off_ok = out.get("off") == (200, "locking=0 lock=0")
    during_ok = all(r == (200, "locking=1 lock=1") for r in during)
    after_ok = all(r == (200, "locking=1 lock=1") for r in after)
    report(off_ok and during_ok and after_ok,
           f"ini_set('rustredis.locking_enabled', 0) in one request: it ran unlocked ({out.get('off')}); "
           f"20 requests on other threads meanwhile and 40 after it ran locked "
           f"({sum(r == (200, 'locking=1 lock=1') for r in during + after)} of 60)")


def check_nothing_left():
    locks = [k for k in redis("--scan", "--pattern", "*_LOCK*").splitlines() if k]
    report(not locks, f"no lock left in Redis after the run ({len(locks)})")
    bad = []
    for path, pattern in ((ARGS.error_log, r"segfault|exit signal|AH00052|:(error|crit|alert|emerg)\]"),
                          (ARGS.php_log, r"Warning|Fatal|error")):
        try:
            with open(path) as f:
                bad += [line.strip() for line in f if re.search(pattern, line)]
        except FileNotFoundError:
            pass
    report(not bad, f"no crash, PHP warning or error in Apache's and PHP's logs ({len(bad)} lines)"
           + (": " + " | ".join(bad[:3]) if bad else ""))


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--http", required=True)
    p.add_argument("--redis", type=int, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--master", type=int, required=True)
    p.add_argument("--error-log", required=True)
    p.add_argument("--php-log", required=True)
    ARGS = p.parse_args()
    worker = check_process_model()
    check_load(worker)
    check_increments()
    check_safety_net_is_per_thread()
    check_ini_isolation()
    check_nothing_left()
    print(f"zts checks: {sum(RESULTS)} passed, {len(RESULTS) - sum(RESULTS)} failed", flush=True)
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
