#!/bin/sh
# Runs every built fuzz target (build/fuzz/fuzz_NAME, made by
# `make build/fuzz/fuzz_NAME`) for FUZZ_TIME seconds each (default 20).
#
# Each target's corpus is build/fuzz/corpus-NAME, seeded from
# tests/fuzz/seeds-NAME/; tests/fuzz/NAME.dict is used when present.  The
# targets run in build/fuzz/work-NAME, so nothing lands in the tree.  Any
# crash, leak or timeout input is copied to tests/fuzz/crashes/NAME-FILE
# (to become a permanent test) and the script exits 1.
#
#   FUZZ_TIME=60 tests/fuzz/run.sh          all targets, 60 s each
#   tests/fuzz/run.sh pkt                   only fuzz_pkt
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
time=${FUZZ_TIME:-20}
status=0
ran=0

targets=$*
if [ -z "$targets" ]; then
	for b in build/fuzz/fuzz_*; do
		[ -x "$b" ] && targets="$targets ${b#build/fuzz/fuzz_}"
	done
fi
if [ -z "$targets" ]; then
	echo "fuzz: no targets built (make build/fuzz/fuzz_pkt ...)"
	exit 2
fi

for name in $targets; do
	bin=$root/build/fuzz/fuzz_$name
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin is not built"
		status=1
		continue
	fi
	corpus=$root/build/fuzz/corpus-$name
	art=$root/build/fuzz/artifacts-$name
	work=$root/build/fuzz/work-$name
	mkdir -p "$corpus" "$art" "$work"
	rm -f "$art"/*
	if [ -d "tests/fuzz/seeds-$name" ]; then
		cp tests/fuzz/seeds-$name/* "$corpus"/ 2>/dev/null
	fi
	case $name in
	pkt) opts="-max_len=2049 -len_control=0" ;;
	scenario|iptables) opts="-max_len=4096" ;;
	pcap) opts="-max_len=4096" ;;
	lesson) opts="-max_len=8192" ;;
	*) opts="" ;;
	esac
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=$root/tests/fuzz/$name.dict"
	log=$root/build/fuzz/fuzz-$name.log
	echo "fuzz: $name for ${time}s (log: build/fuzz/fuzz-$name.log)"
	(cd "$work" && "$bin" "$corpus" $opts $dict -max_total_time="$time" \
		-timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$art/") >"$log" 2>&1
	rc=$?
	ran=$((ran + 1))
	grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$log" |
		sed 's/^/      /'
	found=0
	for f in "$art"/*; do
		[ -f "$f" ] || continue
		found=1
		mkdir -p tests/fuzz/crashes
		cp "$f" "tests/fuzz/crashes/$name-$(basename "$f")"
		echo "FAIL fuzz $name: tests/fuzz/crashes/$name-$(basename "$f")"
	done
	if [ "$found" = 1 ] || [ "$rc" != 0 ]; then
		grep -E '^SUMMARY|^==[0-9]+==ERROR|runtime error|fuzz_[a-z]*: ' \
			"$log" | head -5 | sed 's/^/      /'
		[ "$found" = 0 ] && echo "FAIL fuzz $name: exit status $rc"
		status=1
	else
		echo "ok   fuzz $name"
	fi
done
[ "$ran" -gt 0 ] || status=1
exit $status
