#!/bin/sh
# Runs every tests/tui/*-test; prints "ok   tui NAME" or "FAIL tui NAME" and
# what differed.  Skips (exit 77) without tmux.
cd "$(dirname "$0")" || exit 2
if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP tui: tmux is not installed"; exit 77
fi
rc=0
for t in ./*-test; do
	name=$(basename "$t" -test)
	if out=$(sh "$t" 2>&1); then
		echo "ok   tui $name"
	else
		echo "FAIL tui $name"; echo "$out" | head -40; rc=1
	fi
done
exit $rc
