#!/bin/sh
# test_faults.sh - a full disk or an unwritable path never leaves half a file;
# a system out of threads is an error, not a hang.
#
# Every file lockstep writes for the user (run, explore and free --trace;
# --record; the picture the s key saves; a report on standard output) is
# tried against three faults: a directory that does not exist, a file size
# limit (ulimit -f 0, with SIGXFSZ ignored, so every write fails with EFBIG),
# and, when this runs as root and may mount one, a tmpfs that is really full
# (ENOSPC).  Each must give a clear error and exit status 2, leave neither
# the file nor its temporary PATH.part, and the TUI must go on after its
# recording failed.
set -u
: "${LOCKSTEP:?}" "${TESTS_SRCDIR:?}" "${SCENARIOS_DIR:?}"

work=$(mktemp -d)
full="$work/full"
mounted=no
base="lockstep-faults-$$"
runs=0
server="$base-0"
cleanup() {
	n=0
	while [ "$n" -le "$runs" ]; do
		tmux -L "$base-$n" kill-server >/dev/null 2>&1
		n=$((n + 1))
	done
	[ "$mounted" = yes ] && umount "$full" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
. "$TESTS_SRCDIR/tmux-lib.sh"
cd "$SCENARIOS_DIR" || fail "no scenarios directory"

mkdir -p "$full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16k tmpfs "$full" 2>/dev/null; then
	mounted=yes
	dd if=/dev/zero of="$full/filler" bs=1k count=64 2>/dev/null
	echo "ok: a full 16 KiB tmpfs at $full"
else
	echo "note: cannot mount a tmpfs here (not root?): the full-disk case is skipped"
fi

# lockstep under the size limit: every byte it writes to a file fails.  Its
# messages go through a pipe, which the limit does not cover.
limited() {
	rm -f "$work/fifo"
	mkfifo "$work/fifo"
	cat "$work/fifo" >&2 &
	(ulimit -f 0 && trap '' XFSZ && exec "$LOCKSTEP" "$@" > /dev/null 2> "$work/fifo")
	limited_status=$?
	wait
	return $limited_status
}

# expect_failed_write TARGET WHAT COMMAND...: status 2, "cannot write TARGET"
# on stderr, and no TARGET or TARGET.part left.
expect_failed_write() {
	target=$1 what=$2
	shift 2
	"$@" > "$work/out" 2> "$work/err"
	status=$?
	[ "$status" = 2 ] || { cat "$work/err"; fail "$what: status $status, wanted 2"; }
	grep -q "cannot write $target" "$work/err" ||
		{ cat "$work/err"; fail "$what: no 'cannot write $target' on stderr"; }
	[ ! -e "$target" ] || fail "$what: $target was left behind"
	[ ! -e "$target.part" ] || fail "$what: $target.part was left behind"
	echo "ok: $what: $(head -1 "$work/err")"
}

for verb in "run lost-update" "explore lost-update" "free lost-update-sleep --runs 5"; do
	name=${verb%% *}
	# shellcheck disable=SC2086
	expect_failed_write "$work/no-such-dir/$name.trace" "$name --trace into a missing directory" \
		"$LOCKSTEP" $verb --trace "$work/no-such-dir/$name.trace"
	# shellcheck disable=SC2086
	expect_failed_write "$work/$name.trace" "$name --trace over the file size limit" \
		limited $verb --trace "$work/$name.trace"
	if [ "$mounted" = yes ]; then
		# shellcheck disable=SC2086
		expect_failed_write "$full/$name.trace" "$name --trace on a full disk" \
			"$LOCKSTEP" $verb --trace "$full/$name.trace"
		# the reason in words, not an I/O error
		grep -q "cannot write $full/$name.trace: no space left on device" "$work/err" ||
			{ cat "$work/err"; fail "$name --trace on a full disk: not 'no space left on device'"; }
	fi
done

# A report that cannot reach standard output is an error too.
"$LOCKSTEP" run lost-update > /dev/full 2> "$work/err"
status=$?
[ "$status" = 2 ] && grep -q "cannot write the output: No space left on device" "$work/err" ||
	fail "a report to /dev/full: status $status, $(cat "$work/err")"
echo "ok: a report to a full standard output: status 2"

# A trace that is written is whole: the temporary name is gone.
"$LOCKSTEP" run lost-update --trace "$work/ok.trace" > /dev/null
[ -s "$work/ok.trace" ] && [ ! -e "$work/ok.trace.part" ] ||
	fail "a trace written without fault is not in place"
"$LOCKSTEP" replay --headless "$work/ok.trace" > "$work/out"
grep -q "verdict: expectation failed" "$work/out" ||
	fail "the trace written without fault does not replay to its verdict"

# A system out of threads.  Each thread's stack is 128 MiB (ulimit -s, which
# glibc takes as the default) and the address space 600 MB (ulimit -v, which
# binds root too): lockstep starts, and main can start a few of its eight
# workers, not all.  The thread refused is named, the status is 2, and
# nothing hangs.  A sanitizer's runtime needs far more address space than
# that: then lockstep cannot start at all and the case is skipped.
cat > "$work/late8.race" <<'EOS'
counter = 0
m = Lock()
thread w[8]:
    with m:
        counter += 1
main:
    for i in range(8):
        w[i].start()
    for i in range(8):
        w[i].join()
expect counter == 8
EOS
no_threads() {
	(ulimit -s 131072 && ulimit -v 600000 && exec "$LOCKSTEP" "$@")
}
if no_threads check "$work/late8.race" > /dev/null 2>&1; then
	for verb in "run" "free --runs 3"; do
		# shellcheck disable=SC2086
		no_threads $verb "$work/late8.race" > "$work/out" 2> "$work/err"
		status=$?
		[ "$status" = 2 ] &&
			grep -q "^lockstep: cannot create a thread for " "$work/err" ||
			fail "$verb out of threads: status $status, $(cat "$work/err")"
		echo "ok: $verb out of threads: $(cat "$work/err")"
	done
	# without the limits the same scenario runs
	"$LOCKSTEP" run "$work/late8.race" > /dev/null || fail "late8 does not run unlimited"
else
	echo "note: lockstep cannot start in 600 MB of address space (a sanitizer?):" \
	    "the out-of-threads case is skipped"
fi

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not installed: the TUI cases are skipped"
	echo "PASS: --trace and standard output under every fault"
	exit 0
fi

# tui_run NAME LIMITS ARGS...: lockstep ARGS in tmux, in directory
# $work/NAME, under the shell commands LIMITS; its status goes to
# $work/NAME.status.  Its messages go to the pane (a file may be over a
# limit too), wide enough for whole paths.
tui_run() {
	name=$1 limits=$2
	shift 2
	mkdir -p "$work/$name"
	cat > "$work/$name.sh" <<EOS
cd "$work/$name"
(
	$limits
	LSAN_OPTIONS=detect_leaks=0 LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
	exec "$LOCKSTEP" $*
)
echo "\$?" > "$work/$name.status"
echo "lockstep ended"
sleep 30
EOS
	# a server of its own each time: a socket reused right after
	# kill-server can meet the old server on its way out
	tmux -L "$server" kill-server >/dev/null 2>&1
	runs=$((runs + 1))
	server="$base-$runs"
	tmux -L "$server" -f /dev/null new-session -d -s t -x 200 -y 30 "sh $work/$name.sh" ||
		fail "tmux cannot start"
}

# tui_session NAME CAST [LIMIT]: open lost-update recording to CAST, with
# every file write failing if LIMIT is given.
tui_session() {
	tui_run "$1" "${3:+ulimit -f 0; trap '' XFSZ}" \
		--record "$2" "$SCENARIOS_DIR/lost-update.race"
}

# --record into a missing directory: refused before the screen opens.
tui_session missing "$work/no-such-dir/session.cast"
wait_for "lockstep ended"
[ "$(cat "$work/missing.status")" = 2 ] &&
	grep -q "cannot write $work/no-such-dir/session.cast" "$work/screen" ||
	fail "--record into a missing directory: $(cat "$work/screen")"
echo "ok: --record into a missing directory is refused"

# --record over the size limit: the recording stops and is removed, the
# session goes on (a step is taken, a picture save fails cleanly), q ends
# it with status 2 and the reason.
tui_session limited "$work/limited/session.cast" limit
wait_for "recording stopped and removed: cannot write $work/limited/session.cast"
[ ! -e "$work/limited/session.cast" ] && [ ! -e "$work/limited/session.cast.part" ] ||
	fail "a failed recording was left behind: $(ls "$work/limited")"
tmux -L "$server" send-keys -t t 1
wait_for "step 1 "
tmux -L "$server" send-keys -t t s
wait_for "cannot write lost-update-step1.svg"
[ -z "$(ls "$work/limited")" ] || fail "files were left behind: $(ls "$work/limited")"
tmux -L "$server" send-keys -t t q
wait_for "lockstep ended"
[ "$(cat "$work/limited.status")" = 2 ] ||
	fail "a session whose recording failed ended with status $(cat "$work/limited.status")"
grep -q "the recording was not kept: cannot write $work/limited/session.cast" "$work/screen" ||
	fail "no reason on stderr: $(cat "$work/screen")"
echo "ok: --record over the size limit: stopped, removed, the session went on"

# Without a fault the recording and the picture are whole and in place.
tui_session fine "$work/fine/session.cast"
wait_for "Lost update"
tmux -L "$server" send-keys -t t 1 s
wait_for "saved lost-update-step1.svg"
tmux -L "$server" send-keys -t t q
wait_for "lockstep ended"
[ "$(cat "$work/fine.status")" = 0 ] || fail "a clean session ended with $(cat "$work/fine.status")"
[ -s "$work/fine/session.cast" ] && [ -s "$work/fine/lost-update-step1.svg" ] &&
	[ -z "$(ls "$work/fine" | grep '\.part$')" ] ||
	fail "the recording or the picture is not in place: $(ls "$work/fine")"
echo "ok: without a fault, the recording and the picture are renamed into place"
# The TUI out of threads: main's start() that is refused says which thread
# in the status line; the session goes on (u undoes the step) and q ends it.
if no_threads check "$work/late8.race" > /dev/null 2>&1; then
	tui_run nothreads "ulimit -s 131072 && ulimit -v 600000 &&" "$work/late8.race"
	wait_for "the run is at its start"
	# main (the ninth thread) steps until a start() is refused; once it
	# is, a further key says so again (not i: wait_for counts with it)
	step=1
	while ! grep -q "cannot create a thread for" "$work/screen"; do
		[ $step -le 9 ] || fail "main started every worker in 600 MB: $(cat "$work/screen")"
		tmux -L "$server" send-keys -t t 9
		wait_for "step $step: main start w\|cannot create a thread for"
		step=$((step + 1))
	done
	tmux -L "$server" send-keys -t t u
	wait_for "undone: back at step"
	tmux -L "$server" send-keys -t t q
	wait_for "lockstep ended"
	[ "$(cat "$work/nothreads.status")" = 0 ] ||
		fail "the session out of threads ended with $(cat "$work/nothreads.status")"
	echo "ok: the TUI out of threads says so at the step, undoes it and quits"
fi
echo "PASS: --trace, --record, pictures and standard output under every fault"
