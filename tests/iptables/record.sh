#!/bin/sh
# Records tests/iptables/cases/NAME.expected from the real kernel and
# iptables (root: one fresh network namespace per case).  Usage: record.sh [CASE...]
exec python3 "$(dirname "$0")/iptables.py" record "$@"
