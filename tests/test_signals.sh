#!/bin/sh
# test_signals.sh - the terminal is given back after every fatal signal.
#
# For each of SIGINT, SIGTERM, SIGHUP, SIGSEGV and SIGABRT: open lockstep in
# a tmux pane, step once, send the signal, and check that lockstep died of
# that signal (status 128 + number), that the terminal's modes (stty -g) are
# the ones from before it started, and that the screen it drew is gone (the
# alternate screen was left).  Skipped (77) without tmux.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }
: "${LOCKSTEP:?}" "${TESTS_SRCDIR:?}" "${SCENARIOS_DIR:?}"

work=$(mktemp -d)
base="lockstep-signals-$$"
server=""
# A crash signal dumps core by default; no core files in the build tree.
ulimit -c 0
cleanup() {
	for s in INT TERM HUP SEGV ABRT; do
		tmux -L "$base-$s" kill-server >/dev/null 2>&1
	done
	rm -rf "$work"
}
trap cleanup EXIT
. "$TESTS_SRCDIR/tmux-lib.sh"

# The exit status a shell reports for a death by signal $1.
status_for() {
	sh -c "kill -$1 \$\$"
	echo $?
}

for sig in INT TERM HUP SEGV ABRT; do
	if [ "$(status_for "$sig")" = 0 ]; then
		# ignored by whoever started the tests (nohup): lockstep keeps it so
		echo "ok: SIG$sig is ignored here, as lockstep leaves it: not sent"
		continue
	fi
	server="$base-$sig"
	dir="$work/$sig"
	mkdir -p "$dir"
	# Sanitizers would catch SEGV and ABRT themselves and print a report;
	# the signal handlers under test are lockstep's own.
	cat > "$dir/run.sh" <<EOS
cd "$SCENARIOS_DIR"
stty -g > "$dir/modes.before"
ASAN_OPTIONS=handle_segv=0:handle_abort=0:detect_leaks=0 \
UBSAN_OPTIONS=handle_segv=0:handle_abort=0 \
TSAN_OPTIONS=handle_segv=0:handle_abort=0 \
LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
	sh -c 'echo \$\$ > "$dir/pid"; exec "$LOCKSTEP" lost-update'
echo "\$?" > "$dir/status"
stty -g > "$dir/modes.after"
echo "lockstep ended"
echo done > "$dir/finished"
sleep 30
EOS
	tmux -L "$server" -f /dev/null new-session -d -s t -x 80 -y 24 "sh $dir/run.sh" ||
		fail "tmux cannot start"
	wait_for "Lost update"
	tmux -L "$server" send-keys -t t 1
	wait_for "step 1 "
	kill "-$sig" "$(cat "$dir/pid")"
	i=0
	while [ ! -f "$dir/finished" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -f "$dir/finished" ] || fail "lockstep did not end on SIG$sig"
	want=$(status_for "$sig")
	[ "$(cat "$dir/status")" = "$want" ] ||
		fail "SIG$sig: exit status $(cat "$dir/status"), wanted $want"
	cmp -s "$dir/modes.before" "$dir/modes.after" ||
		fail "SIG$sig: terminal modes not restored:" \
			"$(cat "$dir/modes.before") vs $(cat "$dir/modes.after")"
	wait_for "lockstep ended"
	if grep -q "Lost update" "$work/screen"; then
		cat "$work/screen"
		fail "SIG$sig: lockstep's screen is still showing (alternate screen not left)"
	fi
	tmux -L "$server" kill-server >/dev/null 2>&1
	echo "ok: SIG$sig: status $want, modes restored, screen given back"
done
echo "PASS: the terminal is restored after SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT"
