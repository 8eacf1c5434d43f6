# TUI test library (STYLE.md rule 21): each NAME-test runs the real netstep
# in a detached tmux session of a fixed size, types keys, asks netstep for
# `screendump FILE` (its off-screen canvas as text) and compares it with the
# expected screen written in the test itself.
#
#   tui_start COLS ROWS [netstep args...]   start netstep in tmux
#   tui_keys KEY...                         tmux send-keys (F11, Enter, "text")
#   tui_cmd "command"                       type a console command + Enter
#   tui_resize COLS ROWS
#   tui_dump FILE                           screendump, waits for the file
#                                           (netstep runs in $tmp: FILE there)
#   tui_expect <<'EOF' ... EOF              the dump must equal the heredoc
#   tui_done                                end the session
set -u
ns="${NETSTEP:-$(cd "$(dirname "$0")/../.." && pwd)/netstep}"
tmp=$(mktemp -d)
sess="netstep-tui-$$"
sock="$tmp/tmux.sock"
mkdir -p "$tmp/home"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

tui_start() {
	cols=$1; rows=$2; shift 2
	cmd="env HOME=$tmp/home XDG_STATE_HOME=$tmp/home LANG=${TUI_LANG:-C.UTF-8}"
	cmd="$cmd LC_ALL=${TUI_LANG:-C.UTF-8} TERM=xterm-256color ${TUI_ENV:-} $ns $*"
	tmux -S "$sock" -f /dev/null new-session -d -s "$sess" -c "$tmp" \
		-x "$cols" -y "$rows" "$cmd"
	tmux -S "$sock" set-option -t "$sess" status off >/dev/null
	tmux -S "$sock" resize-window -t "$sess" -x "$cols" -y "$rows" 2>/dev/null
	sleep 0.3
}
tui_keys() { tmux -S "$sock" send-keys -t "$sess" "$@"; }
tui_cmd() { tui_keys -l "$1"; tui_keys Enter; }
tui_resize() {
	tmux -S "$sock" resize-window -t "$sess" -x "$1" -y "$2"
	sleep 0.3
}
tui_dump() {
	rm -f "$1"
	tui_cmd "screendump $(basename "$1")"
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -s "$1" ] || { echo "no screendump after 5 s" >&2; return 1; }
}
tui_capture() { tmux -S "$sock" capture-pane -t "$sess" -p "$@"; }
ndump=0
tui_expect() {
	tui_dump "$tmp/screen" || exit 1
	ndump=$((ndump + 1))
	if [ -n "${TUI_UPDATE:-}" ]; then   # tests/tui/update.sh
		cp "$tmp/screen" "$TUI_UPDATE/$ndump.txt"; cat > /dev/null; return
	fi
	cat > "$tmp/want"
	if ! diff -u "$tmp/want" "$tmp/screen" > "$tmp/diff"; then
		echo "screen differs from the expected one:"; cat "$tmp/diff"
		exit 1
	fi
}
tui_done() { tui_cmd quit; sleep 0.2; }
