# Handler configurations of the benchmark (sourced by scripts/bench.sh).
#
# handler_args NAME REDIS_PORT MEMC_PORT  prints the PHP arguments (one per
# line) that select the handler NAME: the -d extension= lines it needs (PHP
# always runs with -n, so nothing else is loaded) and its session settings.
# Lock settings: every locked handler may wait about 2 s for a busy lock, as
# rustredis does by default (100 x 20 ms): phpredis polls every 2 ms (its
# default lock_wait_time) up to 1000 times (its default 10 tries = 20 ms would
# give up under any contention), php-memcached polls every 2 ms up to 1000
# times (its default 150 ms x 5 would make hand-over ~75 ms).

HANDLERS=(files predis predis_lock predis_p predis_p_lock memc memc_lock rust rust_lock rust_lock_nostats)

handler_label() {
    case $1 in
        files) echo "files" ;;
        predis) echo "phpredis" ;;
        predis_lock) echo "phpredis locked" ;;
        predis_p) echo "phpredis persistent" ;;
        predis_p_lock) echo "phpredis persistent locked" ;;
        memc) echo "memcached" ;;
        memc_lock) echo "memcached locked" ;;
        rust) echo "rustredis unlocked" ;;
        rust_lock) echo "rustredis (locked, default)" ;;
        rust_lock_nostats) echo "rustredis locked, counters compiled out" ;;
    esac
}

handler_args() {
    local h=$1 rp=$2 mp=$3
    local common=(session.use_strict_mode=0 session.gc_probability=0
                  session.serialize_handler=php session.lazy_write=1)
    local a=()
    case $h in
        files)
            a=(session.save_handler=files "session.save_path=$BENCH_TMP/files-sess") ;;
        predis*)
            local path="tcp://127.0.0.1:$rp" lock=0
            [[ $h == predis_p* ]] && path="$path?persistent=1"
            [[ $h == *_lock ]] && lock=1
            a=(extension=igbinary extension=redis session.save_handler=redis
               "session.save_path=\"$path\"" "redis.session.locking_enabled=$lock")
            [ $lock = 1 ] && a+=(redis.session.lock_wait_time=2000 redis.session.lock_retries=1000)
            ;;
        memc*)
            local lock=0
            [[ $h == *_lock ]] && lock=1
            a=(extension=igbinary extension=msgpack extension=memcached
               session.save_handler=memcached "session.save_path=127.0.0.1:$mp"
               "memcached.sess_locking=$lock")
            [ $lock = 1 ] && a+=(memcached.sess_lock_wait_min=2 memcached.sess_lock_wait_max=2
                                memcached.sess_lock_retries=1000)
            ;;
        rust*)
            local lock=0 so=$BENCH_SO
            [[ $h == *_lock* ]] && lock=1
            # The same build without the shared counters: what counting costs.
            [[ $h == *_nostats ]] && so=$BENCH_SO_NOSTATS
            a=("extension=$so" session.save_handler=rustredis
               "session.save_path=\"tcp://127.0.0.1:$rp\"" "rustredis.locking_enabled=$lock")
            ;;
        *) echo "unknown handler $h" >&2; return 1 ;;
    esac
    local kv
    for kv in "${a[@]}" "${common[@]}"; do printf -- '-d\n%s\n' "$kv"; done
}
