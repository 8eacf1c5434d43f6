#!/bin/sh
# Tool lines (ifconfig) of the kernel scenarios in tests/kernel, checked
# byte for byte against what the real tool printed there; see tools.py.
exec python3 "$(dirname "$0")/tools.py" "$@"
