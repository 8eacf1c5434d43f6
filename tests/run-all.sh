#!/bin/sh
# Runs every test of every kind and ends with one line:
#   N passed, N failed, N skipped
# Exit status 1 when anything failed.  Kinds: cmocka unit tests
# (build/tests/test_*), golden tests (tests/golden), error-handling tests
# (tests/errors), kernel conformance (tests/kernel, needs ../shared/oracle),
# iproute2 output conformance (tests/iproute), iptables output conformance
# (tests/iptables), tcpdump's lines against
# the real tcpdump (tests/tcpdump), capture replay (tests/replay), tool
# lines of kernel scenarios against the real tool's text (tests/tools),
# lessons checked by the engine in both languages (tests/lessons).
cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C TZ=UTC
pass=0; fail=0; skip=0
log=$(mktemp); trap 'rm -f "$log"' EXIT

for t in build/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1; rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ "$rc" != 0 ]; then
		echo "FAIL unit $(basename "$t")"; grep -E 'FAIL|ERROR|error|Assert' "$log" | head -20
		[ -z "$f" ] && fail=$((fail + 1))
	else
		echo "ok   unit $(basename "$t") (${p:-0} tests)"
	fi
done

for suite in tests/golden/run.sh tests/errors/run.sh tests/tui/run.sh tests/kernel/compare.sh \
	     tests/iproute/run.sh tests/iptables/run.sh tests/tcpdump/run.sh tests/replay/run.sh tests/tools/run.sh \
	     tests/lessons/run.sh; do
	[ -x "$suite" ] || continue
	"$suite" >"$log" 2>&1; rc=$?
	cat "$log" | grep -v '^ok ' | grep -v '^$'
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL' "$log")
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$rc" = 77 ]; then
		skip=$((skip + 1))
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $suite exited $rc"; fail=$((fail + 1))
	fi
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
