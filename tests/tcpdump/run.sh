#!/bin/sh
# tcpdump's lines and files, checked against the real tcpdump:
#  - frames.scn runs with a printing tap; its lines must equal what the
#    real `tcpdump -nr` (and `-enr`) printed for the same frames, recorded
#    by record.sh in frames.n.out / frames.en.out;
#  - the pcap that tcpdump -w writes must equal the recorded frames.pcap
#    byte for byte;
#  - in JSON mode the lines arrive as output records and stdout stays
#    JSON Lines.
cd "$(dirname "$0")" || exit 2
export LC_ALL=C TZ=UTC
here=$(pwd)
ns=$here/../../netstep
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
lines() { grep -E '^([0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} |	0x)'; }
check() {   # NAME EXPECTED ACTUAL
	if cmp -s "$2" "$3"; then echo "ok   tcpdump $1"
	else echo "FAIL tcpdump $1"; diff "$2" "$3" | head -10; fi
}

cd "$tmp" || exit 2
cp "$here/frames.scn" n.scn
sed 's/^tcpdump -n -i eth0$/tcpdump -e -n -i eth0/' n.scn > en.scn
"$ns" --batch --trace none -c n.scn > n.txt 2>&1
lines < n.txt > n.out
check "lines -n" "$here/frames.n.out" n.out
check "pcap -w" "$here/frames.pcap" frames.pcap
"$ns" --batch --trace none -c en.scn > en.txt 2>&1
lines < en.txt > en.out
check "lines -en" "$here/frames.en.out" en.out

# JSON: every line parses, and the tap's lines are in output records
"$ns" --batch --format json -c n.scn > j.txt 2>&1
if python3 -c '
import json, sys
text = ""
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["type"] == "output":
        text += o["text"]
sys.stdout.write(text)' j.txt > j.lines 2>j.err; then
	lines < j.lines > j.out
	check "json output records" "$here/frames.n.out" j.out
else
	echo "FAIL tcpdump json: not JSON Lines"; head -3 j.err
fi
