#!/bin/sh
# Lesson checks: every lesson in every language passes --check-lesson, each
# lesson exists in both languages, and the two assert the same things (the
# same stops, expects, quiz kinds, options' claims and answers).
cd "$(dirname "$0")/../.." || exit 2
ns=./netstep
rc=0
skeleton() {
	sed -n -E -e 's/^(at .*|expect .*|answer .*)$/\1/p' \
		-e 's/^quiz ([a-z]+) .*/quiz \1/p' \
		-e 's/^option .*=> *(.*)$/claim \1/p' \
		-e 's/^option ([^ ]+)$/counter \1/p' "$1"
}
for f in lessons/en/*.lesson lessons/zh_CN/*.lesson; do
	if out=$($ns --check-lesson "$f" 2>&1); then
		echo "ok   lesson $f"
	else
		echo "FAIL lesson $f"; echo "$out"; rc=1
	fi
done
for f in lessons/en/*.lesson; do
	zh=lessons/zh_CN/$(basename "$f")
	if [ ! -f "$zh" ]; then
		echo "FAIL lesson-pair $(basename "$f"): no $zh"; rc=1; continue
	fi
	if skeleton "$f" > /tmp/ls.en.$$ && skeleton "$zh" > /tmp/ls.zh.$$ &&
	   diff -u /tmp/ls.en.$$ /tmp/ls.zh.$$ > /tmp/ls.diff.$$; then
		echo "ok   lesson-pair $(basename "$f")"
	else
		echo "FAIL lesson-pair $(basename "$f"): the languages assert different things"
		cat /tmp/ls.diff.$$; rc=1
	fi
done
for f in lessons/zh_CN/*.lesson; do
	[ -f "lessons/en/$(basename "$f")" ] && continue
	echo "FAIL lesson-pair $(basename "$f"): no English twin"; rc=1
done
# a lesson's relative captures are found from its tree, wherever the
# student starts netstep (lesson 16 replays captures/mixed.pcap)
root=$(pwd)
if out=$(cd / && "$root/netstep" --check-lesson \
	"$root/lessons/en/16-replay-capture.lesson" 2>&1); then
	echo "ok   lesson 16 checked from /"
else
	echo "FAIL lesson 16 checked from /"; echo "$out"; rc=1
fi
rm -f /tmp/ls.en.$$ /tmp/ls.zh.$$ /tmp/ls.diff.$$
exit $rc
