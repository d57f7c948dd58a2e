#!/bin/sh
# test_tour_tui.sh - a tour and a challenge in the real terminal UI, in tmux:
# g and Enter take a tour's captioned steps on real threads, and a challenge
# says when its goal is reached and in how few steps it could have been;
# s on a tour saves a picture with its captions.
# Skipped (77) without tmux.
set -u
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }
: "${LOCKSTEP:?}" "${TESTS_SRCDIR:?}" "${SCENARIOS_DIR:?}"

work=$(mktemp -d)
sanitizer_env="ASAN_OPTIONS=fast_unwind_on_malloc=0:${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-}"
server="lockstep-tour-test-$$"
trap 'tmux -L "$server" kill-server >/dev/null 2>&1; rm -rf "$work"' EXIT
. "$TESTS_SRCDIR/tmux-lib.sh"

# open SCENARIO in a window of its own, recorded to $work/SCENARIO.cast;
# its exit status lands in $work/status.SCENARIO
open() {
	cat > "$work/$1.sh" <<EOS
cd "$work"
env $sanitizer_env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
	LOCKSTEP_PATH="$SCENARIOS_DIR" "$LOCKSTEP" \
	--record "$work/$1.cast" $1
echo "\$?" > "$work/status.$1"
sleep 30
EOS
	tmux -L "$server" -f /dev/null new-session -d -s "$1" -x 80 -y 24 "sh $work/$1.sh" ||
		fail "tmux cannot start"
}

# quit SESSION: q, and lockstep must end with status 0
quit() {
	tmux -L "$server" send-keys -t "$1" q
	i=0
	while [ ! -f "$work/status.$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(cat "$work/status.$1" 2>/dev/null)" = 0 ] || fail "$1: q did not quit with status 0"
}

open deadlock
wait_for "Deadlock" deadlock
tmux -L "$server" send-keys -t deadlock g
wait_for 'tour "Each holds what the other wants", 2 steps' deadlock
tmux -L "$server" send-keys -t deadlock Enter
wait_for "1/2  A takes m1; next it wants m2" deadlock
tmux -L "$server" send-keys -t deadlock Enter
wait_for "2/2  B takes m2; next it wants m1" deadlock
grep -q "step 2" "$work/screen" || fail "the tour's steps were not taken"
# s on the tour: the picture carries the tour's captions
tmux -L "$server" send-keys -t deadlock s
i=0
while [ ! -s "$work/deadlock-step2.svg" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "B takes m2; next it wants m1" "$work/deadlock-step2.svg" ||
	fail "the picture saved on the tour lacks its captions"
tmux -L "$server" send-keys -t deadlock u
wait_for "1/2  A takes m1; next it wants m2" deadlock
tmux -L "$server" send-keys -t deadlock 1
wait_for "you left the tour" deadlock
quit deadlock
# The recording's markers carry the captions of the tour's steps, and the
# step's own label once the run has left the tour.
# (sed, not a JSON reader: the quick start installs no python3, and
# these labels hold no character JSON escapes)
[ -s "$work/deadlock.cast" ] || fail "the recording cannot be read"
sed -n 's/^\[[0-9.]*, "m", "\(.*\)"\]$/\1/p' "$work/deadlock.cast" > "$work/markers"
cat > "$work/expected" <<'EOS'
step 1: A takes m1; next it wants m2
step 2: B takes m2; next it wants m1, which A holds. A waits for m2, which B holds: a deadlock
undo: back at step 1
step 2: A m2.acquire()
EOS
diff "$work/expected" "$work/markers" || fail "the markers do not carry the captions"

open challenge-3-deadlock
wait_for "challenge: goal: deadlock  (step 0)" challenge-3-deadlock
tmux -L "$server" send-keys -t challenge-3-deadlock 1 1
wait_for "challenge: goal: deadlock  (step 2)" challenge-3-deadlock
tmux -L "$server" send-keys -t challenge-3-deadlock u u 1 2
wait_for "goal reached in 2 steps, the fewest possible!" challenge-3-deadlock
quit challenge-3-deadlock
echo "PASS: a tour's captioned steps and a challenge won, in the real terminal UI"
