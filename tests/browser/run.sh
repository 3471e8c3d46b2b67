#!/usr/bin/env bash
# `make demo-browser`: the demo stack (scripts/demo.sh --up) driven in headless
# Chromium: log in, reload until both web servers answered, kill web1, reload
# (web2 answers, still logged in), +1, 10 concurrent +1 (fetch), the pool's
# /stats page, log out. One PASS/FAIL line per step (11 steps); screenshots:
# target/demo-browser.png (the session page; DEMO_SCREENSHOT to change),
# -stats.png (the stats page) and -logout.png beside it.
#
#   tests/browser/run.sh [path/to/librustredis.so]
#
# Uses Debian's chromium (installed here if missing) and playwright-core from
# the npm registry (pinned in tests/browser/package.json, installed under
# target/browser/; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: no browser download).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SO=$(realpath "${1:-target/release/librustredis.so}")
SHOT=${DEMO_SCREENSHOT:-$ROOT/target/demo-browser.png}

extra=(chromium)
command -v node >/dev/null || extra+=(nodejs)
command -v npm >/dev/null || extra+=(npm)
scripts/deps.sh php%-fpm nginx redis-server redis-tools "${extra[@]}"
CHROMIUM=${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}

# playwright-core, pinned, outside the source tree.
NODE_DIR=$ROOT/target/browser
mkdir -p "$NODE_DIR"
if ! cmp -s tests/browser/package.json "$NODE_DIR/package.json" \
    || [ ! -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; then
    cp tests/browser/package.json "$NODE_DIR/package.json"
    echo "demo-browser: npm install playwright-core (into $NODE_DIR)" >&2
    (cd "$NODE_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 \
        npm install --no-audit --no-fund --loglevel=error >&2)
fi

TMP=$(mktemp -d /tmp/rustredis-demo-browser.XXXXXX)
export DEMO_STATE=$TMP/demo.state
cleanup() {
    trap '' INT TERM
    scripts/demo.sh --down >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/demo.sh --up "$SO" >"$TMP/up.log" 2>&1 || { cat "$TMP/up.log" >&2; exit 1; }
URL=$(sed -n 's/^URL=//p' "$DEMO_STATE")
STACK=$(sed -n 's/^TMP=//p' "$DEMO_STATE")
WEB1_PID=$(awk '$2 == "web1" { print $1 }' "$STACK/pids" | tail -1)
echo "demo-browser: the demo stack at $URL (web1 = php-fpm pid $WEB1_PID); Chromium: $CHROMIUM"

mkdir -p "$(dirname "$SHOT")" "$TMP/profile"
NODE_PATH=$NODE_DIR/node_modules DEMO_URL=$URL WEB1_PID=$WEB1_PID CHROMIUM=$CHROMIUM \
    PROFILE_DIR=$TMP/profile SCREENSHOT=$SHOT ROOT=$ROOT \
    timeout 180 node tests/browser/demo.test.js
