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

# decode.scn: relative sequence numbers (and -S absolute), TCP options, DNS
cp "$here/decode.scn" d.scn
sed 's/^tcpdump -n -i eth0$/tcpdump -S -n -i eth0/' d.scn > dS.scn
"$ns" --batch --trace none -c d.scn > d.txt 2>&1
lines < d.txt > d.out
check "decode -n" "$here/decode.n.out" d.out
check "decode pcap -w" "$here/decode.pcap" decode.pcap
"$ns" --batch --trace none -c dS.scn > dS.txt 2>&1
lines < dS.txt > dS.out
check "decode -S -n" "$here/decode.Sn.out" dS.out

# any.scn: -i any's cooked lines, its LINUX_SLL2 file, a filter on it
cp "$here/any.scn" a.scn
"$ns" --batch --trace none -c a.scn > a.txt 2>&1
lines < a.txt > a.out
check "any -n" "$here/any.n.out" a.out
check "any pcap -w" "$here/any.pcap" any.pcap
check "any filter -w" "$here/any-icmp.pcap" any-icmp.pcap
