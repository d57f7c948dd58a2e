#!/bin/sh
# test_record.sh - lockstep --record: a scripted TUI session in tmux is
# recorded as an asciicast v2 that asciinema plays, with one marker a step,
# the screen's thread colours, and cut by its markers; a recording killed with
# SIGKILL is left as FILE.cast.part and still plays to its last step.  Skipped (77) without tmux,
# asciinema or python3 (which asciinema needs anyway).
set -u
for tool in tmux asciinema python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "$tool not installed: skipped"; exit 77; }
done
: "${LOCKSTEP:?}" "${TESTS_SRCDIR:?}" "${SCENARIOS_DIR:?}"

work=$(mktemp -d)
server="lockstep-record-$$"
trap 'tmux -L "$server" kill-server >/dev/null 2>&1; rm -rf "$work"' EXIT
. "$TESTS_SRCDIR/tmux-lib.sh"
sanitizer_env="ASAN_OPTIONS=fast_unwind_on_malloc=0:${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-}"

# Check a cast: header, every event, the markers; prints the step markers.
check_cast() {
	python3 - "$1" <<'EOS'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
header = json.loads(lines[0])
assert header["version"] == 2, header
assert header["width"] == 80 and header["height"] == 24, header
assert "timestamp" in header and "title" in header and "idle_time_limit" in header
last = 0.0
for line in lines[1:]:
    t, code, data = json.loads(line)
    assert code in ("o", "r", "m"), line
    assert isinstance(data, str) and t >= last, line
    last = t
for line in lines[1:]:
    t, code, data = json.loads(line)
    if code == "m" and data.startswith("step "):
        print(data)
EOS
}

cat > "$work/run.sh" <<EOS
cd "$SCENARIOS_DIR"
env $sanitizer_env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color "$LOCKSTEP" --record "$work/session.cast" lost-update
echo "status \$?"
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s rec -x 80 -y 24 "sh $work/run.sh" ||
	fail "tmux cannot start"
wait_for "Lost update" rec
tmux -L "$server" send-keys -t rec 1
wait_for "step 1 " rec
tmux -L "$server" send-keys -t rec 2
wait_for "step 2 " rec
tmux -L "$server" capture-pane -e -p -t rec > "$work/live" 2>/dev/null
tmux -L "$server" send-keys -t rec 1 2
wait_for "counter is 1" rec
tmux -L "$server" send-keys -t rec q
wait_for "status 0" rec

check_cast "$work/session.cast" > "$work/markers" || fail "the recording is not a valid asciicast v2"
cat > "$work/expected" <<EOS
step 1: A LOAD counter -> 0
step 2: B LOAD counter -> 0
step 3: A STORE counter = 1
step 4: B STORE counter = 1
EOS
diff "$work/expected" "$work/markers" || fail "one marker per step expected"

# The recording gives each thread the colour the screen gives it: after
# step 2, the foreground colour of A's and of B's "LOAD 0" box in the
# timeline (thread hues 36 cyan and 35 magenta; A's lane is above B's) on
# the live screen (tmux -e), and in the recording's screen after step 2
# (the last frame before the marker of step 3).
python3 - "$work/live" "$work/session.cast" <<'EOS' || fail "the recording's thread colours differ from the screen's"
import json, re, sys
live = open(sys.argv[1], encoding="utf-8").read()
events = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8").read().splitlines()[1:]]
step3 = next(i for i, e in enumerate(events) if e[1] == "m" and e[2].startswith("step 3:"))
frame = [e[2] for e in events[:step3] if e[1] == "o"][-1]
def colours_of(screen, text):
    """the foreground SGR colour in force where each text starts"""
    fg, found = None, []
    for m in re.finditer(r"\x1b\[([0-9;]*)m|.", screen, re.S):
        if m.group(1) is not None:
            for p in (m.group(1) or "0").split(";"):
                if p in ("0", "39"):
                    fg = None
                elif len(p) == 2 and p[0] == "3":
                    fg = p
        elif screen.startswith(text, m.start()):
            found.append(fg)
    return found
a, b = colours_of(live, "LOAD 0"), colours_of(frame, "LOAD 0")
assert a == b == ["36", "35"], ("screen", a, "recording", b)
EOS

# asciinema plays it to the final screen
cat > "$work/play.sh" <<EOS
asciinema cat "$work/session.cast" > "$work/played"
echo "played \$?"
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s play -x 80 -y 24 "sh $work/play.sh"
wait_for "played" play
grep -q "played 0" "$work/screen" || fail "asciinema cat failed"
grep -q "RACE.*expect counter == 2: counter is 1" "$work/played" ||
	fail "the played recording does not end on the final screen"

# cut by the step markers as lockstep(1) shows: the part up to step 2
# is a valid recording whose last marker is step 2
sed '/, "m", "step 3:/,$d' "$work/session.cast" > "$work/cut.cast"
check_cast "$work/cut.cast" > "$work/markers" || fail "the cut recording is not valid"
[ "$(tail -n 1 "$work/markers")" = "step 2: B LOAD counter -> 0" ] ||
	fail "the cut recording does not end at step 2"

# killed mid-session: still plays to the last step taken
cat > "$work/kill.sh" <<EOS
cd "$SCENARIOS_DIR"
env $sanitizer_env LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	sh -c 'echo \$\$ > "$work/pid"; exec "$LOCKSTEP" --record "$work/killed.cast" deadlock'
sleep 30
EOS
tmux -L "$server" -f /dev/null new-session -d -s kill -x 80 -y 24 "sh $work/kill.sh"
wait_for "Deadlock" kill
tmux -L "$server" send-keys -t kill 1
wait_for "step 1 " kill
kill -KILL "$(cat "$work/pid")"
sleep 0.3
[ ! -e "$work/killed.cast" ] || fail "a killed recording has the name of a whole one"
check_cast "$work/killed.cast.part" > "$work/markers" || fail "the killed recording is not valid"
grep -q "step 1: A m1.acquire()" "$work/markers" || fail "the killed recording lost its step"
rm -f "$work/screen"
tmux -L "$server" respawn-pane -k -t play "sh $work/play.sh; true" 2>/dev/null
sed -i "s|session.cast|killed.cast.part|" "$work/play.sh"
tmux -L "$server" respawn-pane -k -t play "sh $work/play.sh"
wait_for "played" play
grep -q "played 0" "$work/screen" || fail "asciinema cannot play the killed recording"
echo "PASS: recorded, valid, one marker per step, plays; a killed recording plays too"
