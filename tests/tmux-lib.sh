# tmux-lib.sh - sourced by the shell tests that drive lockstep in tmux.
# The caller sets $server (its tmux -L socket) and $work (a scratch
# directory).

fail() {
	echo "FAIL: $*"
	exit 1
}

# wait_for TEXT [SESSION]: poll the pane of SESSION (default t) until it
# shows TEXT, at most 10 s; the screen is left in $work/screen.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tmux -L "$server" capture-pane -p -t "${2:-t}" > "$work/screen" 2>/dev/null
		grep -q -- "$1" "$work/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	cat "$work/screen"
	fail "the screen never showed '$1'"
}
