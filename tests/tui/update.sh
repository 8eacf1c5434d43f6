#!/bin/sh
# tests/tui/update.sh NAME: runs NAME-test and rewrites the screens in its
# heredocs with what netstep draws now.  Read the diff before committing.
cd "$(dirname "$0")" || exit 2
[ -f "$1-test" ] || { echo "usage: update.sh NAME (tests/tui/NAME-test)"; exit 2; }
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
TUI_UPDATE=$out sh "./$1-test" || exit 1
python3 - "$1-test" "$out" <<'PY'
import sys, os
path, out = sys.argv[1], sys.argv[2]
lines = open(path).read().split('\n')
res, n, skip = [], 0, False
for l in lines:
    if skip:
        if l == 'EOF':
            skip = False
            res.append(l)
        continue
    res.append(l)
    if l.startswith("tui_expect <<'EOF'"):
        n += 1
        res.extend(open(os.path.join(out, '%d.txt' % n)).read().split('\n')[:-1])
        skip = True
open(path, 'w').write('\n'.join(res))
PY
echo "updated $1-test"
