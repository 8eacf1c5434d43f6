#!/bin/sh
# Compares netstep with every kernel result in tests/kernel/ (and the
# oracle's own examples).  Needs no root.  Prints one line per scenario and
# "kernel: N/M scenarios agree".  Scenarios listed in KNOWN_DIFFERENCES may
# fail only in the checks named there.
cd "$(dirname "$0")/../.." || exit 2
shared=${NETSTEP_SHARED:-../shared}
oracle=$shared/oracle/oracle.py
if [ ! -f "$oracle" ]; then
	echo "SKIP kernel conformance: $shared/oracle is absent"
	exit 77
fi
pass=0; total=0; fail=0
for scn in "$shared"/oracle/examples/*.scn tests/kernel/*.scn; do
	case "$scn" in */examples/*) res="${scn%.scn}.json" ;; *) res="${scn%.scn}.kernel.json" ;; esac
	[ -f "$res" ] || continue
	total=$((total + 1))
	name=$(basename "$scn" .scn)
	out=$(python3 "$oracle" compare "$scn" "$res" --netstep ./netstep 2>&1)
	if echo "$out" | tail -1 | grep -q "checks agree" && [ "$(echo "$out" | grep -c '^FAIL')" = 0 ]; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		known=$(grep "^$name " tests/kernel/KNOWN_DIFFERENCES 2>/dev/null | cut -d' ' -f2-)
		fails=$(echo "$out" | grep '^FAIL')
		if [ -n "$known" ] && [ "$(echo "$fails" | grep -vcF "$known")" = 0 ]; then
			pass=$((pass + 1)); echo "ok   $name (known difference: $known)"
		else
			fail=$((fail + 1)); echo "FAIL $name"; echo "$fails" | sed 's/^/     /'
		fi
	fi
done
echo "kernel: $pass/$total scenarios agree"
[ "$fail" = 0 ]
