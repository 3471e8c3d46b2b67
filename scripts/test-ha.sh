#!/usr/bin/env bash
# High-availability tests (issue #6): Redis Sentinel and Redis Cluster on
# loopback, failovers under a steady stream of PHP session requests with
# locking on. Every server is started here, under a mktemp dir, and stopped by
# pid. Prints PASS/FAIL lines with the measured numbers; exits non-zero on any
# FAIL.
#
#   scripts/test-ha.sh [path/to/librustredis.so]
#
# Environment: HA_KEEP=1 keeps the temporary directory (logs) for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
SO=$(realpath "${1:-target/release/librustredis.so}")
HA=$(realpath scripts/ha)
PHP=$(command -v php)
# shellcheck source=lib/servers.sh
source scripts/lib/servers.sh
WS_REDIS_SERVER=$(command -v redis-server)
command -v redis-cli >/dev/null

TMP=$(mktemp -d /tmp/rustredis-ha.XXXXXX)
ws_init "$TMP"      # every server started here: WS_PID[name]
declare -A LOAD_PID=()   # name -> pid of every load generator
cleanup() {
    local p
    for p in "${LOAD_PID[@]}"; do stop_pid "$p"; done
    WS_KEEP=${HA_KEEP:-0}
    ws_cleanup
    if [ "$WS_KEEP" = 1 ]; then echo "logs kept in $TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILS=0
RESULTS=()
result() { # result PASS|FAIL "text"
    echo "$1 $2"
    RESULTS+=("$1 $2")
    [ "$1" = PASS ] || FAILS=$((FAILS + 1))
}
# Runs a checker printing PASS/FAIL lines; collects them.
check() {
    local out line
    out=$("$@" 2>&1) || true
    while IFS= read -r line; do
        case $line in
            PASS*) RESULTS+=("$line"); echo "$line" ;;
            FAIL*) RESULTS+=("$line"); echo "$line"; FAILS=$((FAILS + 1)) ;;
            *) echo "$line" ;;
        esac
    done <<<"$out"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# start_server NAME PORT [redis-server args...]: data in $TMP/NAME/, log $TMP/NAME.log.
start_server() {
    local name=$1; shift
    start_redis -d "$TMP/$name" -l "$TMP/$name.log" "$name" "$@"
}

# start_sentinel NAME PORT MASTER_PORT
start_sentinel() {
    local name=$1 port=$2 mport=$3
    cat >"$TMP/$name.conf" <<EOF
sentinel monitor $MASTER 127.0.0.1 $mport 2
sentinel down-after-milliseconds $MASTER 1000
sentinel failover-timeout $MASTER 5000
sentinel parallel-syncs $MASTER 1
EOF
    start_redis -d "$TMP" -l "$TMP/$name.log" -f "$TMP/$name.conf" "$name" "$port" --sentinel
}

PHPARGS=(-n -d "extension=$SO" -d session.save_handler=rustredis -d session.use_cookies=0
    -d session.cache_limiter= -d session.gc_probability=0 -d display_errors=stderr -d "rustredis.lock_expire=${HA_LOCK_EXPIRE:-0}")
php_ext() { # php_ext SAVE_PATH script args...
    local path=$1; shift
    "$PHP" "${PHPARGS[@]}" -d "session.save_path=\"$path\"" "$@"
}

# Load generators: start_load NAME SAVE_PATH IDS [extra load.php args]
start_load() {
    local name=$1 path=$2 ids=$3; shift 3
    php_ext "$path" "$HA/load.php" --ids="$ids" --log="$TMP/$name.log" --acked="$TMP/$name.json" \
        --stop="$TMP/stop.$SCEN" --max=40 "$@" >"$TMP/$name.out" 2>&1 &
    LOAD_PID[$name]=$!
    LOADS+=("$name")
}
# stop_loads: asks every generator of this scenario to end; checks it did not crash.
stop_loads() {
    local name rc
    touch "$TMP/stop.$SCEN"
    for name in "${LOADS[@]}"; do
        rc=0
        wait "${LOAD_PID[$name]}" || rc=$?
        unset "LOAD_PID[$name]"
        if [ "$rc" = 0 ]; then
            result PASS "[$SCEN] generator $name exited 0 ($(tr -d '\n' <"$TMP/$name.out"))"
        else
            result FAIL "[$SCEN] generator $name exited $rc (PHP crash?): $(tail -c 600 "$TMP/$name.out" | tr '\n' ' ')"
        fi
    done
}
ids() { # ids TAG COUNT -> comma separated session ids
    local i out=""
    for i in $(seq "$2"); do out+="${out:+,}ha$1x$i$RANDOM$RANDOM"; done
    echo "$out"
}
# verify_acked PATH FILES...: every acknowledged counter readable with at least its value.
verify_acked() {
    local path=$1 files out lost unread n
    shift
    files=$(IFS=,; echo "$*")
    out=$(php_ext "$path" "$HA/verify.php" --acked="$files" 2>&1) || true
    echo "$out" >"$TMP/verify.$SCEN.json"
    n=$(php -r '$j=json_decode($argv[1],true); echo $j ? $j["sessions"] : -1;' "$out")
    lost=$(php -r '$j=json_decode($argv[1],true); echo $j ? count($j["lost"]) : -1;' "$out")
    unread=$(php -r '$j=json_decode($argv[1],true); echo $j ? count($j["unreadable"]) : -1;' "$out")
    if [ "$lost" = 0 ] && [ "$unread" = 0 ]; then
        result PASS "[$SCEN] all $n acknowledged sessions readable afterwards with at least their acknowledged value"
    else
        result FAIL "[$SCEN] acknowledged writes lost or unreadable after the failover: sessions=$n lost=$lost unreadable=$unread: $(echo "$out" | head -c 800)"
    fi
    # Counters that went backwards while the load ran (seen by the generators).
    local f back=0 info=""
    for f in "$@"; do
        back=$((back + $(php -r '$j=json_decode(file_get_contents($argv[1]),true); echo $j["lost"];' "$f")))
        info+=$(php -r '$j=json_decode(file_get_contents($argv[1]),true); echo implode("; ", $j["lost_info"]);' "$f")
    done
    if [ "$back" = 0 ]; then
        result PASS "[$SCEN] no generator ever read a counter below its acknowledged value"
    else
        result FAIL "[$SCEN] $back requests read a counter below its acknowledged value (acknowledged writes lost): $info"
    fi
}

declare -A OUTAGE=()
# analyze LABEL BOUND FAULT_TS SWITCH_TS LOGS... [-- extra analyze args]
analyze() {
    local label=$1 bound=$2 fault=$3 switch=$4; shift 4
    local logs=() extra=()
    while [ $# -gt 0 ]; do
        if [ "$1" = -- ]; then shift; extra=("$@"); break; fi
        logs+=("$TMP/$1.log"); shift
    done
    local out
    out=$("$PHP" -n "$HA/analyze.php" --label="$label" --logs="$(IFS=,; echo "${logs[*]}")" \
        --fault="$fault" --switch="$switch" --bound="$bound" "${extra[@]}" 2>&1) || true
    check echo "$out"
    OUTAGE[$label]=$(echo "$out" | sed -n 's/.*outage window \([0-9.]*\) s.*/\1 s/p' | head -n1)
    [ -n "${OUTAGE[$label]}" ] || OUTAGE[$label]="0 s (no failed request)"
}

wait_until() { # wait_until SECONDS CMD...: polls every 0.1 s
    local end=$((SECONDS + $1)); shift
    while [ $SECONDS -le $end ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    return 1
}

########################################################################
# Sentinel: 1 master + 2 replicas + 3 sentinels
########################################################################
MASTER=hamaster
read -r P_M P_R1 P_R2 P_S1 P_S2 P_S3 P_C1 P_C2 P_C3 P_C4 P_C5 P_C6 <<<"$(free_ports 12 10000)"
# repl-diskless-sync-delay 0: a replica that needs a full resync after a failover gets it at
# once, not after Redis's default 5 s wait (with min-replicas-to-write 1 the new master refuses
# writes until one replica is in sync).
DATA_ARGS=(--min-replicas-to-write 1 --min-replicas-max-lag 10 --repl-diskless-sync-delay 0)
declare -A NODE_PORT=([m]=$P_M [r1]=$P_R1 [r2]=$P_R2)
start_server m "$P_M" "${DATA_ARGS[@]}"
start_server r1 "$P_R1" "${DATA_ARGS[@]}" --replicaof 127.0.0.1 "$P_M"
start_server r2 "$P_R2" "${DATA_ARGS[@]}" --replicaof 127.0.0.1 "$P_M"
start_sentinel s1 "$P_S1" "$P_M"
start_sentinel s2 "$P_S2" "$P_M"
start_sentinel s3 "$P_S3" "$P_M"
SENTINELS="$P_S1,$P_S2,$P_S3"

master_port() { redis-cli -p "$P_S1" sentinel get-master-addr-by-name "$MASTER" 2>/dev/null | sed -n 2p; }
# Ready: every sentinel knows 2 replicas and 2 other sentinels, nothing down,
# the master has 2 replicas online.
sentinel_ready() {
    local s mp
    mp=$(master_port)
    [ -n "$mp" ] || return 1
    redis-cli -p "$mp" info replication | grep -q '^connected_slaves:2' || return 1
    [ "$(redis-cli -p "$mp" info replication | grep -Ec 'state=online,offset=[0-9]+,lag=[01]([^0-9]|$)')" = 2 ] || return 1
    for s in $P_S1 $P_S2 $P_S3; do
        redis-cli -p "$s" sentinel master "$MASTER" | tr '\r' ' ' | paste -sd' ' |
            grep -Eq 'num-slaves 2 .*num-other-sentinels 2 ' || return 1
        [ "$(redis-cli -p "$s" sentinel get-master-addr-by-name "$MASTER" | sed -n 2p)" = "$mp" ] || return 1
        redis-cli -p "$s" sentinel master "$MASTER" | grep -q -A1 '^flags$' || return 1
        redis-cli -p "$s" sentinel master "$MASTER" | sed -n '/^flags$/{n;p}' | grep -qx master || return 1
        redis-cli -p "$s" sentinel replicas "$MASTER" | grep -A1 '^flags$' | grep -q 's_down\|disconnected' && return 1
    done
    return 0
}
name_of_port() { local n; for n in "${!NODE_PORT[@]}"; do if [ "${NODE_PORT[$n]}" = "$1" ]; then echo "$n"; fi; done; }

T_START=$SECONDS
if [ "${HA_ONLY:-}" = cluster ]; then :
elif wait_until 30 sentinel_ready; then
    result PASS "[sentinel setup] 1 master + 2 replicas + 3 sentinels ready in $((SECONDS - T_START)) s"
else
    result FAIL "[sentinel setup] not ready after 30 s: $(redis-cli -p "$P_S1" sentinel master "$MASTER" | paste -sd' ')"
    exit 1
fi

if [ "${HA_ONLY:-}" != cluster ]; then
# wait_replicas=1: a write is acknowledged only once the replica has it, so
# no failover (not even a planned one) loses an acknowledged write.
SPATH="sentinel://127.0.0.1:$P_S1,127.0.0.1:$P_S2,127.0.0.1:$P_S3?master=$MASTER&timeout=1&wait_replicas=1&wait_timeout=500"
SCEN=smoke
check php_ext "$SPATH" "$HA/smoke.php" --mode=sentinel --label=sentinel:// --sentinel="$P_S1" --master="$MASTER"
check php_ext "$SPATH" "$HA/users.php" --mode=sentinel --label=sentinel:// --sentinel="$P_S1" --master="$MASTER" --so="$SO"

# More replicas asked than exist: each write ends within wait_timeout + 200 ms
# with the pinned warning (even with read_timeout below wait_timeout), its
# lock released and its data on the master. Enough replicas: no warning.
WPATH="sentinel://127.0.0.1:$P_S1,127.0.0.1:$P_S2,127.0.0.1:$P_S3?master=$MASTER&timeout=1&read_timeout=0.2"
check php_ext "$WPATH&wait_replicas=3&wait_timeout=500" "$HA/waitcheck.php" --label="sentinel wait_replicas=3 of 2" \
    --ids="$(ids sw 10)" --expect=short --bound-ms=700 --port="$(master_port)" --replicas=3 --timeout-ms=500
check php_ext "$WPATH&wait_replicas=2&wait_timeout=500" "$HA/waitcheck.php" --label="sentinel wait_replicas=2 of 2" \
    --ids="$(ids so 10)" --expect=ok --bound-ms=50 --port="$(master_port)"

# sentinel_failover SCEN FAULT SAVE_PATH BOUND
# FAULT: kill (SIGKILL the master), stop (SIGSTOP it), manual (SENTINEL FAILOVER).
sentinel_failover() {
    SCEN=$1; local fault=$2 path=$3 bound=$4
    LOADS=()
    local old_port old t_fault w t_switch new_port
    # Settled: both replicas online and staying so (a node that came back in
    # the previous scenario may resync once more shortly after).
    wait_until 25 sentinel_ready || true
    sleep 2
    wait_until 25 sentinel_ready || true
    old_port=$(master_port); old=$(name_of_port "$old_port")
    start_load "$SCEN-a" "$path" "$(ids "${SCEN}a" 25)"
    start_load "$SCEN-b" "$path" "$(ids "${SCEN}b" 25)"
    sleep 1.5
    t_fault=$(now)
    case $fault in
        kill) stop_pid "${WS_PID[$old]}" KILL ;;
        stop) kill -STOP "${WS_PID[$old]}" ;;
        manual) redis-cli -p "$P_S1" sentinel failover "$MASTER" >/dev/null ;;
    esac
    w=$("$PHP" -n "$HA/watch.php" --mode=sentinel --ports="$SENTINELS" --master="$MASTER" --old="$old_port" --max=20) || true
    t_switch=${w%% *}; new_port=${w##* }
    if [ -z "$w" ]; then
        result FAIL "[$SCEN] the sentinels named no new master within 20 s"
        t_switch=""
    else
        echo "INFO [$SCEN] old master :$old_port ($old), new master :$new_port, sentinels switched $(elapsed "$t_fault" "$t_switch") s after the fault"
    fi
    sleep 2
    if [ "$fault" = stop ]; then
        kill -CONT "${WS_PID[$old]}"
        echo "INFO [$SCEN] SIGCONT sent to the old master $(elapsed "$t_fault" "$(now)") s after the fault"
    fi
    sleep 3
    stop_loads
    if [ "$fault" = manual ]; then
        analyze "$SCEN" "$bound" "$t_fault" "$t_switch" "$SCEN-a" "$SCEN-b" -- --report-only=1
    else
        analyze "$SCEN" "$bound" "$t_fault" "$t_switch" "$SCEN-a" "$SCEN-b"
    fi
    verify_acked "$path" "$TMP/$SCEN-a.json" "$TMP/$SCEN-b.json"
    if [ "$fault" = kill ]; then
        # The old master comes back as a replica of the new one.
        start_server "$old" "$old_port" "${DATA_ARGS[@]}" --replicaof 127.0.0.1 "$new_port"
    fi
    if wait_until 25 sentinel_ready; then
        echo "INFO [$SCEN] topology healthy again (old master :$old_port is a replica: $(redis-cli -p "$old_port" role | head -n1))"
    else
        result FAIL "[$SCEN] topology not healthy 25 s after the failover: old master role $(redis-cli -p "$old_port" role 2>&1 | head -n1)"
        return 1
    fi
}

DOWN_AFTER=1.0
sentinel_failover sentinel-kill kill "$SPATH" "$(awk -v d=$DOWN_AFTER 'BEGIN { print d + 1.5 }')" || true
sentinel_failover sentinel-stop stop "$SPATH&read_timeout=0.5" "$(awk -v d=$DOWN_AFTER 'BEGIN { print d + 1.5 }')" || true
# A planned failover promotes one replica while the other still follows the
# old master for a moment: only waiting for every replica (2 here) keeps a
# write acknowledged in that moment from being lost.
sentinel_failover sentinel-manual manual "${SPATH/wait_replicas=1/wait_replicas=2}" "$(awk -v d=$DOWN_AFTER 'BEGIN { print d + 1.5 }')" || true
fi

for n in m r1 r2 s1 s2 s3; do stop_pid "${WS_PID[$n]}"; done

########################################################################
# Cluster: 3 masters + 3 replicas
########################################################################
SCEN=cluster-setup
CPORTS=($P_C1 $P_C2 $P_C3 $P_C4 $P_C5 $P_C6)
for i in 0 1 2 3 4 5; do
    start_server "c$i" "${CPORTS[$i]}" --cluster-enabled yes \
        --cluster-config-file "$TMP/nodes-${CPORTS[$i]}.conf" --cluster-node-timeout 1000
    NODE_PORT[c$i]=${CPORTS[$i]}
done
T_START=$SECONDS
redis-cli --cluster create $(for p in "${CPORTS[@]}"; do printf '127.0.0.1:%s ' "$p"; done) \
    --cluster-replicas 1 --cluster-yes >"$TMP/cluster-create.log" 2>&1 || true
cluster_ready() {
    local p
    for p in "${CPORTS[@]}"; do
        redis-cli -p "$p" cluster info | grep -q '^cluster_state:ok' || return 1
        [ "$(redis-cli -p "$p" cluster nodes | grep -c 'connected')" = 6 ] || return 1
    done
    [ "$(redis-cli -p "$P_C1" cluster nodes | grep -c ' slave ')" = 3 ] || return 1
    # every replica in sync
    for p in "${CPORTS[@]}"; do
        if redis-cli -p "$p" role | head -n1 | grep -q slave; then
            redis-cli -p "$p" info replication | grep -q '^master_link_status:up' || return 1
        fi
    done
}
if wait_until 30 cluster_ready; then
    result PASS "[cluster setup] 3 masters + 3 replicas, cluster_state:ok in $((SECONDS - T_START)) s"
else
    result FAIL "[cluster setup] not ready after 30 s: $(tail -n 5 "$TMP/cluster-create.log" | tr '\n' ' ')"
    exit 1
fi

CPATH="cluster://127.0.0.1:$P_C1,127.0.0.1:$P_C2,127.0.0.1:$P_C3?timeout=1"
SEEDPATH="seed[]=127.0.0.1:$P_C1&seed[]=127.0.0.1:$P_C2&seed[]=127.0.0.1:$P_C3&timeout=1"
SCEN=smoke
check php_ext "$CPATH" "$HA/smoke.php" --mode=cluster --label=cluster:// --nodes="$(IFS=,; echo "${CPORTS[*]}")"
check php_ext "$SEEDPATH" "$HA/smoke.php" --mode=cluster --label='seed[]=' --nodes="$(IFS=,; echo "${CPORTS[*]}")"
check php_ext "$CPATH" "$HA/users.php" --mode=cluster --label=cluster:// --nodes="$(IFS=,; echo "${CPORTS[*]}")" --so="$SO"
check php_ext "$CPATH" -d rustredis.locking_enabled=0 "$HA/users.php" --mode=cluster --label="cluster:// unlocked" \
    --nodes="$(IFS=,; echo "${CPORTS[*]}")" --so="$SO"

# WAIT goes to the master of the session's own slot, in the write's pipeline:
# with 1 replica per shard, wait_replicas=2 falls short on every shard (each
# request bounded by wait_timeout + 200 ms, warned, lock released, data on
# the master), wait_replicas=1 is confirmed at full speed.
check php_ext "$CPATH&wait_replicas=2&wait_timeout=500" "$HA/waitcheck.php" --label="cluster wait_replicas=2 of 1" \
    --ids="$(ids cw 10)" --expect=short --bound-ms=700 --port="$P_C1" --cluster=1 --replicas=2 --timeout-ms=500
check php_ext "$CPATH&wait_replicas=1&wait_timeout=500" "$HA/waitcheck.php" --label="cluster wait_replicas=1 of 1" \
    --ids="$(ids co 10)" --expect=ok --bound-ms=50 --port="$P_C1" --cluster=1

########################################################################
# Resharding under load: 1000 slots move from one master to another while
# 4 processes increment 50 sessions whose slots are among them (locking on).
########################################################################
SCEN=cluster-reshard
LOADS=()
ALLNODES=$(IFS=,; echo "${CPORTS[*]}")
read -r R_SRC R_SRC_PORT R_DST R_DST_PORT RIDS < <(php_ext "$CPATH" "$HA/reshard-plan.php" --port="$P_C1" --slots=1000 --count=50)
echo "INFO [$SCEN] 1000 slots from :$R_SRC_PORT to :$R_DST_PORT; 50 sessions in them"
for i in 1 2 3 4; do start_load "$SCEN-$i" "$CPATH" "$RIDS" --shared=1 --sleep=0; done
T_LOAD=$SECONDS
sleep 2
# Back and forth (the moved slots are the lowest of either side) until the
# 20 s are nearly up, so most of the load runs during a migration.
MOVES=0; FROM=$R_SRC; TO=$R_DST; FROM_PORT=$R_SRC_PORT
while [ $((SECONDS - T_LOAD)) -lt 16 ]; do
    T0=$(now)
    if ! redis-cli --cluster reshard "127.0.0.1:$FROM_PORT" --cluster-from "$FROM" --cluster-to "$TO" \
        --cluster-slots 1000 --cluster-yes >"$TMP/reshard.log" 2>&1; then
        result FAIL "[$SCEN] redis-cli --cluster reshard failed: $(tail -n 5 "$TMP/reshard.log" | tr '\n' ' ')"
        break
    fi
    MOVES=$((MOVES + 1))
    echo "INFO [$SCEN] move $MOVES: 1000 slots to :$([ "$TO" = "$R_DST" ] && echo "$R_DST_PORT" || echo "$R_SRC_PORT") in $(elapsed "$T0" "$(now)") s"
    if [ "$TO" = "$R_DST" ]; then FROM=$R_DST; TO=$R_SRC; FROM_PORT=$R_DST_PORT
    else FROM=$R_SRC; TO=$R_DST; FROM_PORT=$R_SRC_PORT; fi
    wait_until 10 cluster_ready || true
done
[ "$MOVES" -ge 1 ] && result PASS "[$SCEN] $MOVES migrations of 1000 slots during the load"
while [ $((SECONDS - T_LOAD)) -lt 20 ]; do sleep 0.5; done
stop_loads
MOVED=$(php -n -r 'require $argv[1]; $o = ha_cluster_slot_owner((int) $argv[2]);
    echo count(array_filter($o, fn ($p) => $p === (int) $argv[3]));' "$HA/lib.php" "$P_C1" "$R_DST_PORT")
echo "INFO [$SCEN] :$R_DST_PORT serves $MOVED slots now"
check php_ext "$CPATH" "$HA/exact.php" --label="$SCEN" --ids="$RIDS" --nodes="$ALLNODES" \
    --logs="$(for i in 1 2 3 4; do printf '%s,' "$TMP/$SCEN-$i.log"; done | sed 's/,$//')"
wait_until 30 cluster_ready || result FAIL "[$SCEN] cluster not healthy 30 s after the resharding"

SCEN=cluster-kill
LOADS=()
# Which master serves each session: written once, then its data key looked up on the masters.
CIDS_A=$(ids ca 30); CIDS_B=$(ids cb 30); HOT="hahot$RANDOM$RANDOM"
ALLNODES=$(IFS=,; echo "${CPORTS[*]}")
if ! php_ext "$CPATH" "$HA/where.php" --ids="$CIDS_A,$CIDS_B,$HOT" --nodes="$ALLNODES" >"$TMP/cluster-slots.txt" 2>"$TMP/where.err"; then
    result FAIL "[$SCEN] could not place the sessions: $(head -c 600 "$TMP/where.err")"
    exit 1
fi
read -r _ HOT_SLOT VICTIM_PORT HOT_KEY < <(grep "^$HOT " "$TMP/cluster-slots.txt")
VICTIM=$(name_of_port "$VICTIM_PORT")
awk -v v="$VICTIM_PORT" '$3 == v { print $1 }' "$TMP/cluster-slots.txt" | grep -v "^$HOT\$" >"$TMP/affected.txt" || true
echo "$HOT" >"$TMP/affected-hot.txt"
echo "INFO [$SCEN] victim master :$VICTIM_PORT ($VICTIM); $(wc -l <"$TMP/affected.txt") of 60 sessions on its shard; hot session $HOT (key $HOT_KEY, slot $HOT_SLOT)"
start_load "$SCEN-a" "$CPATH" "$CIDS_A"
start_load "$SCEN-b" "$SEEDPATH" "$CIDS_B"
for i in 1 2 3 4; do start_load "$SCEN-hot$i" "$CPATH" "$HOT" --shared=1 --sleep=0; done
sleep 1.5
T_FAULT=$(now)
stop_pid "${WS_PID[$VICTIM]}" KILL
OTHERS=$(for p in "${CPORTS[@]}"; do [ "$p" = "$VICTIM_PORT" ] || printf '%s,' "$p"; done)
W=$("$PHP" -n "$HA/watch.php" --mode=cluster --ports="${OTHERS%,}" --slot="$HOT_SLOT" --old="$VICTIM_PORT" --max=20) || true
T_SWITCH=${W%% *}
if [ -z "$W" ]; then
    result FAIL "[$SCEN] no replica took over slot $HOT_SLOT within 20 s"; T_SWITCH=""
else
    echo "INFO [$SCEN] replica :${W##* } serves the slot $(elapsed "$T_FAULT" "$T_SWITCH") s after the kill"
fi
sleep 4
stop_loads
BOUND_C=$(awk 'BEGIN { print 1.0 + 3 }')
analyze cluster-kill "$BOUND_C" "$T_FAULT" "$T_SWITCH" "$SCEN-a" "$SCEN-b" -- --affected="$TMP/affected.txt"
analyze cluster-kill-hot "$BOUND_C" "$T_FAULT" "$T_SWITCH" "$SCEN-hot1" "$SCEN-hot2" "$SCEN-hot3" "$SCEN-hot4"
verify_acked "$CPATH" "$TMP/$SCEN-a.json" "$TMP/$SCEN-b.json"
# Exactness of the hot session: the final counter equals the acknowledged increments,
# give or take requests that got an error (their write may or may not have landed).
ACKED_INC=$(cat "$TMP/$SCEN"-hot?.log | awk -F'\t' '$4 == 1' | wc -l)
FAILED_INC=$(cat "$TMP/$SCEN"-hot?.log | awk -F'\t' '$4 == 0' | wc -l)
FINAL_OUT=$(php_ext "$CPATH" -r 'require $argv[2]; ha_record_warnings(); session_id($argv[1]);
    $ok = session_start(["read_and_close" => true]);
    echo $ok ? (int) ($_SESSION["n"] ?? 0) : -1, " ", implode(" | ", $GLOBALS["ha_warnings"]);' "$HOT" "$HA/lib.php" 2>&1 || true)
FINAL=${FINAL_OUT%% *}
[ "$FINAL" = -1 ] && echo "INFO [$SCEN] reading the hot session in a new process failed: ${FINAL_OUT#* }"
if [ "$FINAL" -ge "$ACKED_INC" ] 2>/dev/null && [ "$FINAL" -le $((ACKED_INC + FAILED_INC)) ]; then
    result PASS "[$SCEN] hot session from 4 processes: final counter $FINAL, acknowledged increments $ACKED_INC, failed requests $FAILED_INC ($([ "$FINAL" = "$ACKED_INC" ] && echo exact || echo "$((FINAL - ACKED_INC)) failed requests' writes landed"))"
else
    result FAIL "[$SCEN] hot session from 4 processes: final counter $FINAL${FINAL_OUT#* }, expected between $ACKED_INC (acknowledged) and $((ACKED_INC + FAILED_INC)) (+ failed requests)"
fi

# After the failover the victim's shard has no replica left: with
# wait_replicas=1 its sessions fall short (bounded, warned), and only those:
# the other shards' requests go at full speed.
SCEN=cluster-degraded
grep -v -x -F -f <(cat "$TMP/affected.txt" "$TMP/affected-hot.txt") <(awk '{ print $1 }' "$TMP/cluster-slots.txt") >"$TMP/healthy.txt" || true
check php_ext "$CPATH&wait_replicas=1&wait_timeout=500" "$HA/waitcheck.php" --label="cluster after failover, shard without replica" \
    --ids="$(paste -sd, "$TMP/affected.txt")" --expect=short --bound-ms=700 --port="${OTHERS%%,*}" --cluster=1 --replicas=1 --timeout-ms=500
check php_ext "$CPATH&wait_replicas=1&wait_timeout=500" "$HA/waitcheck.php" --label="cluster after failover, other shards" \
    --ids="$(paste -sd, "$TMP/healthy.txt")" --expect=ok --bound-ms=50 --port="${OTHERS%%,*}" --cluster=1

########################################################################
echo
echo "== outage windows (first failed request to first success after it) =="
for k in sentinel-kill sentinel-stop sentinel-manual cluster-kill cluster-kill-hot; do
    printf '  %-18s %s\n' "$k" "${OUTAGE[$k]:-not measured}"
done
PASSES=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS' || true)
echo "ha: $PASSES passed, $FAILS failed"
[ "$FAILS" = 0 ]
