# rustredis — build, install, test.
#   make            build the release extension (installs build packages if missing)
#   make install    copy it into `php-config --extension-dir` and enable it
#   make test       cargo test + the phpt suite against a real redis-server
#   make demo       the demo (see README)
#   make lint       clippy -D warnings + rustfmt check

PHP_CONFIG ?= php-config
CARGO      ?= cargo
SO         := target/release/librustredis.so
# Deny warnings in CI and `make`, not in the source: a new compiler's new
# lint must not break a user's build from crates.io.
export RUSTFLAGS ?= -D warnings

.PHONY: all build deps install uninstall test test-rust test-php lint fmt clean demo bench test-ha \
        demo-up demo-down demo-browser

all: build

deps:
	@scripts/deps.sh

build: deps
	$(CARGO) build --release

$(SO): build

install: build
	@scripts/install.sh "$(PHP_CONFIG)" "$(SO)"

uninstall:
	@scripts/install.sh --uninstall "$(PHP_CONFIG)"

test: build test-rust test-php

test-rust: deps
	$(CARGO) test --release

test-php: build
	scripts/test-php.sh $(SO) $(TESTS)

lint: deps
	$(CARGO) clippy --release --all-targets -- -D warnings
	$(CARGO) fmt --all -- --check

fmt:
	$(CARGO) fmt --all

demo: build
	scripts/demo.sh $(SO)

demo-up: build
	scripts/demo.sh --up $(SO)

demo-down:
	scripts/demo.sh --down

demo-browser: build
	tests/browser/run.sh $(SO)

clean:
	$(CARGO) clean
	rm -f php-tests/*.diff php-tests/*.exp php-tests/*.log php-tests/*.out php-tests/*.php php-tests/*.sh

bench: build
	scripts/bench.sh $(SO)

test-ha: build
	scripts/test-ha.sh $(SO)
