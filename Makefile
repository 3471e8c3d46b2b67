# rustredis — build, install, test.
#   make            build the release extension (installs build packages if missing)
#   make install    copy it into `php-config --extension-dir` and enable it
#   make test       cargo test + the phpt suite against a real redis-server
#                   (SERVER=valkey-server: the phpt suite against Valkey)
#   make demo       the demo (see README)
#   make lint       clippy -D warnings + rustfmt check
#   make test-matrix  make test on every supported PHP (8.2, 8.4, 8.5, 8.6) and Valkey
#   make test-valgrind  the phpt suite under valgrind: invalid accesses, definite leaks
#   make test-zts   a ZTS PHP 8.4 built from source: phpt suite + Apache event MPM (threads)
#   make deb        the Debian package for PHP_VERSION (target/deb/phpX.Y-rustredis_*.deb);
#                   make deb-test installs and tests it in a fresh root without build tools;
#                   make debs / make debs-test: every PHP of the matrix
#   make pie-dist   PIE's pre-packaged binaries (target/pie/php_rustredis-*.zip)
#
# PHP_VERSION=8.4 (8.2, 8.5, 8.6) runs build, test, lint, bench, ... for that
# PHP: natively when this machine's Debian ships it, otherwise inside a Debian
# root that scripts/root.sh builds and caches under target/roots/.

PHP_CONFIG ?= php-config
CARGO      ?= cargo
# Inside a Debian root each PHP builds into its own target/phpX.Y.
SO         := $(or $(CARGO_TARGET_DIR),target)/release/librustredis.so
# Deny warnings in CI and `make`, not in the source: a new compiler's new
# lint must not break a user's build from crates.io.
export RUSTFLAGS ?= -D warnings
# build.rs and ext-php-rs read PHP_CONFIG (a path) from the environment;
# make exports it when given on the command line (make PHP_CONFIG=...).

.PHONY: all build deps install uninstall test test-rust test-php test-php-src test-fpm lint fmt clean demo bench test-ha \
        demo-up demo-down demo-browser test-matrix test-valgrind test-zts fuzz \
        deb deb-test debs debs-test pie-dist

all: build

test-matrix:
	@scripts/matrix.sh $(PHP_VERSIONS)

# Always PHP 8.4, in its Debian root (the script enters it itself).
test-zts:
	scripts/test-zts.sh

# Packages: each script enters the PHP's root itself when needed.
DEB_VERSIONS ?= 8.2 8.4 8.5 8.6
deb:
	scripts/deb.sh $(PHP_VERSION)
deb-test:
	scripts/deb-test.sh $(PHP_VERSION)
debs:
	@for v in $(DEB_VERSIONS); do scripts/deb.sh $$v || exit 1; done
debs-test:
	@for v in $(DEB_VERSIONS); do scripts/deb-test.sh $$v || exit 1; done
pie-dist:
	scripts/pie-dist.sh $(DEB_VERSIONS)

# A PHP this machine's Debian does not ship: run the target in its root.
ifneq ($(PHP_VERSION),)
ifneq ($(PHP_VERSION),$(shell PHP_VERSION= scripts/deps.sh --php-version 2>/dev/null))
IN_ROOT := 1
endif
endif

ifdef IN_ROOT
build test test-rust test-php test-php-src test-fpm test-valgrind lint bench test-ha demo:
	scripts/root.sh run $(PHP_VERSION) $(MAKE) $@ $(if $(TESTS),TESTS="$(TESTS)") \
	    $(if $(SERVER),SERVER="$(SERVER)") $(if $(QUICK),QUICK="$(QUICK)") \
	    $(if $(BENCH_SECTIONS),BENCH_SECTIONS="$(BENCH_SECTIONS)")
else

deps:
	@scripts/deps.sh

build: deps
	$(CARGO) build --release

$(SO): build

install: build
	@scripts/install.sh "$(PHP_CONFIG)" "$(SO)"

uninstall:
	@scripts/install.sh --uninstall "$(PHP_CONFIG)"

test: build test-rust test-php test-php-src test-fpm

# php-fpm: connections per worker, not per tenant (scripts/test-fpm.sh).
test-fpm: build
	scripts/test-fpm.sh $(SO)

test-rust: deps
	$(CARGO) test --release

# The save_path parser fuzzed (tests/save_path_props.rs): FUZZ_CASES cases
# per property (default 200000); each property prints how many it ran.
fuzz: deps
	PROPTEST_CASES=$(or $(FUZZ_CASES),200000) $(CARGO) test --release --test save_path_props -- --nocapture

test-php: build
	RUSTREDIS_SERVER="$(SERVER)" scripts/test-php.sh $(SO) $(TESTS)

test-php-src: build
	scripts/php-src-tests.sh $(SO)

test-valgrind: build
	scripts/test-valgrind.sh $(SO) $(TESTS)

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
endif
