#!/bin/sh
# Runs every case in netstep and compares with the recorded iptables output.
# Usage: run.sh [CASE...]   (NETSTEP=path overrides ./netstep)
# Last line: `iptables: N/M cases agree`; exit 1 on a failure, 77 if no cases.
exec python3 "$(dirname "$0")/iptables.py" run "$@"
