#!/bin/sh
# test_tui.sh - the real terminal UI, driven in tmux.
#
# The screen curses draws must be the golden frame the screen tests check
# (tests/screens), keys must step real threads, and SIGTERM mid-run must
# leave the terminal's modes as they were.  Skipped (77) without tmux.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }
: "${LOCKSTEP:?}" "${TESTS_SRCDIR:?}" "${SCENARIOS_DIR:?}"

work=$(mktemp -d)
# Under AddressSanitizer, ncurses' own allocations are suppressed by name
# (tests/lsan.supp); the slow unwinder is needed to see names through it.
sanitizer_env="ASAN_OPTIONS=fast_unwind_on_malloc=0:${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-}"
base="lockstep-test-$$"
server="$base-1"
phase=1
# Each phase gets a tmux server of its own: reusing a socket right after
# kill-server races with the old server's exit.
next_server() {
	tmux -L "$server" kill-server >/dev/null 2>&1
	phase=$((phase + 1))
	server="$base-$phase"
}
trap 'for n in 1 2 3 4 5 6 7 8 9 10 11 12; do tmux -L "$base-$n" kill-server >/dev/null 2>&1; done; rm -rf "$work"' EXIT
. "$TESTS_SRCDIR/tmux-lib.sh"

# start_tui W H ARGS...: lockstep ARGS in the scenarios directory, in a
# W x H session of a tmux server of its own.
start_tui() {
	cols=$1 rows=$2
	shift 2
	next_server
	cat > "$work/tui.sh" <<EOS
cd "$SCENARIOS_DIR"
env $sanitizer_env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$LOCKSTEP" $*
sleep 30
EOS
	tmux -L "$server" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		"sh $work/tui.sh" || fail "tmux cannot start"
}

cat > "$work/run.sh" <<EOS
cd "$SCENARIOS_DIR"
stty -g > "$work/modes.before"
env $sanitizer_env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
	sh -c 'echo \$\$ > "$work/pid"; exec "$LOCKSTEP" lost-update'
echo "\$?" > "$work/status"
stty -g > "$work/modes.after"
echo done > "$work/finished"
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s t -x 80 -y 24 "sh $work/run.sh" ||
	fail "tmux cannot start"
wait_for "Lost update"
sleep 0.3
tmux -L "$server" capture-pane -p -t t > "$work/opening"
# capture-pane drops trailing blanks as the golden does
if ! diff "$TESTS_SRCDIR/screens/lost-update-80x24.txt" "$work/opening" > "$work/diff"; then
	cat "$work/diff"
	fail "the opening screen differs from tests/screens/lost-update-80x24.txt"
fi
tmux -L "$server" send-keys -t t 1 2 1 2
wait_for "counter is 1"
grep -q "RACE  expect counter == 2: counter is 1" "$work/screen" ||
	fail "no verdict after 1 2 1 2"
tmux -L "$server" send-keys -t t u
wait_for "undone: back at step 3"

# resize: too small, then back
tmux -L "$server" resize-window -t t -x 50 -y 14
wait_for "terminal too small"
tmux -L "$server" resize-window -t t -x 100 -y 30
wait_for "step 3 · manual"
[ "$(head -1 "$work/screen" | wc -m)" -ge 100 ] || fail "not redrawn at 100 columns"
# x: a search of twelve states is over before the frame that started it is
# drawn; its end must show all the same, with no other key pressed
tmux -L "$server" send-keys -t t x
wait_for "the shortest failing schedule takes 4 steps"

kill -TERM "$(cat "$work/pid")"
i=0
while [ ! -f "$work/finished" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -f "$work/finished" ] || fail "lockstep did not end on SIGTERM"
[ "$(cat "$work/status")" = 143 ] || fail "exit status $(cat "$work/status"), wanted 143 (SIGTERM)"
cmp -s "$work/modes.before" "$work/modes.after" ||
	fail "terminal modes not restored: $(cat "$work/modes.before") vs $(cat "$work/modes.after")"
# A trace replayed in the UI: space plays it to its verdict.
next_server
(cd "$SCENARIOS_DIR" && "$LOCKSTEP" run lost-update --schedule A,B,A,B \
	--trace "$work/lost.trace" >/dev/null)
cat > "$work/replay.sh" <<EOS
cd "$SCENARIOS_DIR"
env $sanitizer_env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$LOCKSTEP" replay "$work/lost.trace"
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s t -x 80 -y 24 "sh $work/replay.sh" ||
	fail "tmux cannot start"
wait_for "replaying"
tmux -L "$server" send-keys -t t + + + ' '
wait_for "RACE  expect counter == 2: counter is 1"
grep -q "step 4 " "$work/screen" || fail "the replay did not take the trace's 4 steps"
tmux -L "$server" send-keys -t t q

# A file that does not compile: diagnostics and status 2, no screen.
next_server
printf 'thread A:\n    x = y\n' > "$work/bad.race"
cat > "$work/bad.sh" <<EOS
env $sanitizer_env "$LOCKSTEP" "$work/bad.race"
echo "status \$?"
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s t -x 80 -y 24 "sh $work/bad.sh" ||
	fail "tmux cannot start"
wait_for "status 2"
grep -q "bad.race:2:9: error: unknown name 'y'" "$work/screen" ||
	fail "no diagnostic for a file that does not compile"

# The Linux console without a UTF-8 locale: ASCII boxes, and q quits.
next_server
rm -f "$work/finished"
cat > "$work/ascii.sh" <<EOS
cd "$SCENARIOS_DIR"
env $sanitizer_env LANG=C LC_ALL=C TERM=linux "$LOCKSTEP" deadlock
echo "\$?" > "$work/status"
echo done > "$work/finished"
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s t -x 80 -y 24 "sh $work/ascii.sh" ||
	fail "tmux cannot start"
wait_for "+ deadlock - Deadlock -"
grep -q "| 1 A runnable" "$work/screen" || fail "no ASCII pane borders"
tmux -L "$server" send-keys -t t 1 2
wait_for "DEADLOCK  A waits for m2 held by B"
# the verdict stays: a key's message goes to the rule above it
tmux -L "$server" send-keys -t t 1
wait_for "the run has ended"
grep -q "DEADLOCK  A waits for m2 held by B; B waits for m1 held by A" "$work/screen" ||
	fail "a key replaced the verdict"
tmux -L "$server" send-keys -t t q
i=0
while [ ! -f "$work/finished" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$work/status" 2>/dev/null)" = 0 ] || fail "q did not quit with status 0"

# After A's assertion, B (which never ran) is runnable, stopped by A.
printf 'x = 0\nthread A:\n    assert x == 1, "x is not 1"\nthread B:\n    x = 1\n' \
	> "$work/assert.race"
start_tui 132 40 "$work/assert.race"
wait_for "2 B runnable"
tmux -L "$server" send-keys -t t 1
wait_for "step 1: A LOAD x"
tmux -L "$server" send-keys -t t 1	# the raise is a step of its own
wait_for "ASSERTION  A, line 3: AssertionError: x is not 1"
grep -q "1 A failed at line 3" "$work/screen" || fail "A is not shown as failed"
grep -q "2 B runnable" "$work/screen" && grep -q "(stopped by A's failure)" "$work/screen" ||
	fail "B is not runnable, stopped by A's failure"
grep -q "B blocked" "$work/screen" && fail "a thread is shown blocked after an assertion"
tmux -L "$server" send-keys -t t q

# The tenth thread has a key: 0 steps w[9] of semaphore-limit.
start_tui 80 24 semaphore-limit
wait_for "0  w\[9\] runnable"
tmux -L "$server" send-keys -t t 0
wait_for "step 1 · manual"
# the screen may be caught half drawn: wait for the step's row too
wait_for "w\[9\] acq s"
tmux -L "$server" send-keys -t t q

# A notify that can wake A or B asks which: 2 wakes B.
printf 'c = Condition()\nthread A:\n    with c:\n        c.wait()\nthread B:\n    with c:\n        c.wait()\nthread N:\n    with c:\n        c.notify()\n' \
	> "$work/notify.race"
start_tui 160 45 "$work/notify.race"
wait_for "3 N runnable"
tmux -L "$server" send-keys -t t 1 1 2 2 3 3
wait_for "c.notify() wakes which?"
tmux -L "$server" send-keys -t t 2
wait_for "step 6 · manual"
grep -q "c: N  sleeping: A, B (woken)" "$work/screen" || fail "2 did not wake B alone"
tmux -L "$server" send-keys -t t q

# A Python program: MainThread's pane is the module from its first line,
# and 1 steps it.
printf 'import threading\ncounter = 0\nlock = threading.Lock()\nwith lock:\n    counter += 1\n' \
	> "$work/count.py"
start_tui 100 24 "$work/count.py"
wait_for "1 MainThread runnable"
grep -q "^│   import threading  " "$work/screen" || fail "the module's first line is not shown"
tmux -L "$server" send-keys -t t 1
wait_for "step 1: MainThread lock.acquire()"
tmux -L "$server" send-keys -t t q

echo "PASS: opening screen, keys, undo, resize, the terminal restored after SIGTERM," \
	"the ASCII fallback on TERM=linux, the lasting verdict, thread states after an assertion, the 10th thread's key, notify choice," \
	"a Python program's MainThread"
