#!/bin/sh
# Records tests/iproute/cases/NAME.expected from the real kernel and iproute2
# (root: one fresh network namespace per case).  Usage: record.sh [CASE...]
exec python3 "$(dirname "$0")/iproute.py" record "$@"
