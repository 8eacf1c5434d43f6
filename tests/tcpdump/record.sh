#!/bin/sh
# Records what the real tcpdump prints for the frames netstep captured:
# runs frames.scn (which writes frames.pcap with tcpdump -w) and keeps
#   frames.pcap      the capture netstep wrote
#   frames.n.out     tcpdump -nr frames.pcap
#   frames.en.out    tcpdump -enr frames.pcap
# run.sh compares netstep's own lines with them, without tcpdump.  Read
# the files before committing them.
cd "$(dirname "$0")" || exit 2
export LC_ALL=C TZ=UTC
command -v tcpdump >/dev/null || { echo "record.sh: needs tcpdump"; exit 2; }
../../netstep --batch --trace none -c frames.scn >/dev/null || exit 1
tcpdump -nr frames.pcap 2>/dev/null > frames.n.out
tcpdump -enr frames.pcap 2>/dev/null > frames.en.out
wc -l frames.n.out frames.en.out
