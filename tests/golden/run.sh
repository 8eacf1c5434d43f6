#!/bin/sh
# Golden tests: each line of TESTLIST is `NAME SCENARIO CAPTURE EXPECTED [OPTIONS]`
# (CAPTURE is "-" until replay exists).  netstep runs the scenario in batch
# JSON mode and its output must equal EXPECTED byte for byte.
#   run.sh               check all
#   run.sh --update NAME rewrite NAME's expected file (read it before committing)
cd "$(dirname "$0")" || exit 2
export LC_ALL=C TZ=UTC
ns=../../netstep
update=""
[ "$1" = "--update" ] && update="$2"
[ "$1" = "--update" ] && [ -z "$update" ] && { echo "usage: run.sh --update NAME"; exit 2; }
rc=0
grep -v '^#' TESTLIST | grep -v '^[[:space:]]*$' | while read -r name scn cap exp opts; do
	[ -n "$update" ] && [ "$update" != "$name" ] && continue
	if [ "$scn" = "-" ]; then src=""; else src="-c $scn"; fi
	out=$($ns --batch --format json $src $opts 2>&1)
	if [ -n "$update" ]; then
		printf '%s\n' "$out" > "$exp"; echo "updated $exp"; continue
	fi
	if [ "$out" = "$(cat "$exp")" ]; then
		echo "ok   golden $name"
	else
		echo "FAIL golden $name"
		printf '%s\n' "$out" | diff "$exp" - | head -20
	fi
done | tee /tmp/golden.$$
grep -q '^FAIL' /tmp/golden.$$ && rc=1
rm -f /tmp/golden.$$
exit $rc
