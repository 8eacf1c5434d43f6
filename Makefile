# netstep: one hand-written Makefile.  `make deps` installs what the build
# and the tests need; `make run` and `make test` do everything from a fresh
# checkout.

CC      ?= cc
# -O3 and link-time optimisation: a batch replay spends its time in small
# functions called across files at every step (make bench: about a fifth
# faster than -O2).  The objects also hold ordinary code (fat), so the
# unit tests link without the slow LTO pass (-fno-lto).  Portable: no
# -march.
CFLAGS  ?= -O3 -g -flto=auto -ffat-lto-objects
WARN     = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
LIBS     = -lpcap
UI_LIBS  = $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw) -lreadline
UI_SRC   = $(filter-out ui/main.c,$(sort $(wildcard ui/*.c)))
UI_OBJ   = $(UI_SRC:%.c=build/%.o)
SRC      = $(sort $(wildcard src/*.c))
OBJ      = $(SRC:%.c=build/%.o)
DEPS_PKGS = gcc make libc6-dev libpcap-dev libncurses-dev libreadline-dev \
	    libcmocka-dev pkg-config python3 clang tmux iproute2 tcpdump ethtool
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps run test unit golden kernel-tests asan bench fuzz \
	check-layering clean golden-update

all: netstep

deps:
	@missing=""; for p in $(DEPS_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Objects are rebuilt when the compiler or its flags change.
build/cflags: FORCE
	@mkdir -p build
	@echo '$(CC) $(WARN) $(CFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(WARN) $(CFLAGS)' > $@
FORCE:

build/%.o: %.c build/cflags $(wildcard src/*.h src/*.def src/proto/*.h ui/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -c $< -o $@

# Made anew, not updated: members in source order and none left from a
# removed file, so the link-time optimiser sees what a fresh checkout gives.
build/libnetstep.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

build/libui.a: $(UI_OBJ)
	rm -f $@ && ar rcs $@ $^

# Linked aside and renamed: the LTO link takes seconds, and tests running
# meanwhile must find the old binary rather than none.
netstep: build/ui/main.o build/libui.a build/libnetstep.a
	$(CC) $(CFLAGS) -o $@.tmp $^ $(LIBS) $(UI_LIBS) && mv -f $@.tmp $@

run: deps netstep
	./netstep

test: deps
	@$(MAKE) --no-print-directory netstep build/tests build/gencap
	@tests/run-all.sh

build/tests: $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))
	@touch $@

build/tests/test_%: tests/unit/test_%.c tests/unit/testlib.h build/libui.a build/libnetstep.a
	@mkdir -p build/tests
	$(CC) $(WARN) $(CFLAGS) -fno-lto -Isrc -Iui -o $@ $< build/libui.a build/libnetstep.a -lcmocka $(LIBS) $(UI_LIBS)

# The sanitized build and its test run happen in a copy of the tree
# (build/asan-tree), so the normal build is left as it is.
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all
asan: deps
	@rm -rf build/asan-tree && mkdir -p build/asan-tree
	@git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C build/asan-tree
	@$(MAKE) --no-print-directory -C build/asan-tree CFLAGS="$(ASAN_FLAGS)" netstep build/tests build/gencap
	@NETSTEP_SHARED="$(CURDIR)/../shared" ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1 build/asan-tree/tests/run-all.sh

bench: deps netstep build/bench_ui build/gencap
	@tests/bench.sh
	@build/bench_ui

# The deterministic capture generator (make bench, tests/replay).
build/gencap: tests/gencap.c
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) -o $@ $< $(LIBS)

build/bench_ui: tests/bench_ui.c build/libui.a build/libnetstep.a
	$(CC) $(WARN) $(CFLAGS) -fno-lto -Isrc -Iui -o $@ $< build/libui.a build/libnetstep.a $(LIBS) $(UI_LIBS)

FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(SRC) $(wildcard src/*.h)
	@mkdir -p build/fuzz
	clang $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -Isrc -o $@ $< $(SRC) $(LIBS)

fuzz: deps $(FUZZ_TARGETS)
	@tests/fuzz/run.sh

check-layering:
	@bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]((n)?curses|readline/|\.\./ui/|ui/)' src/*.c src/*.h src/proto/*.h); \
	if [ -n "$$bad" ]; then echo "layering: src/ includes terminal or ui headers: $$bad"; exit 1; fi; \
	echo "layering: src/ includes no terminal or ui/ header"

golden-update: netstep
	@tests/golden/run.sh --update $(NAME)

clean:
	rm -rf build netstep netstep.tmp
