#!/bin/sh
# test_export.sh - lockstep run --format svg and --format html, read back
# with xmllint: the SVG is well-formed, fits 1920 x 1440, has a legend,
# names every step, shows where each thread is after its last step (a
# blocked thread's wait, who holds each lock), keeps every text inside the
# picture and renders to PNG; --steps, --theme and -o do what they say; the
# HTML handout is well-formed and self-contained and escapes what the
# scenario says; the TUI's s saves the same picture of the run so far
# (driven in tmux, where tmux is installed); a trace replays to the same
# picture.  (The handout's stepping is tested in a browser by
# test_browser.sh.)  Skipped (77) without xmllint or rsvg-convert.
set -u
for tool in xmllint rsvg-convert; do
	command -v "$tool" >/dev/null 2>&1 || { echo "$tool not installed: skipped"; exit 77; }
done
: "${LOCKSTEP:?}" "${SCENARIOS_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export LOCKSTEP_PATH="$SCENARIOS_DIR"

# xpath FILE EXPR: the string value of EXPR in the SVG (any namespace).
xpath() {
	xmllint --xpath "string($2)" "$1" 2>/dev/null
}
svg_text() {	# file, text: some <text> element says exactly this
	[ "$(xpath "$1" "count(//*[local-name()='text'][.='$2'])")" != 0 ]
}

# The picture fits the slide, and no text runs past its right edge (a
# character of the monospace font is 0.6 of its size at most).
check_fits() {	# file
	w=$(xpath "$1" "/*/@width")
	h=$(xpath "$1" "/*/@height")
	[ -n "$w" ] && [ "$w" -le 1920 ] && [ "$h" -le 1440 ] ||
		fail "$1: $w x $h does not fit 1920 x 1440"
	box=$(xpath "$1" "/*/@viewBox")
	vbw=$(echo "$box" | cut -d' ' -f3)
	grep -o '<text [^>]*>[^<]*</text>' "$1" | LC_ALL=C awk -v width="$vbw" '
	{
		x = $0; sub(/.* x="/, "", x); sub(/".*/, "", x)
		size = $0; sub(/.*font-size="/, "", size); sub(/".*/, "", size)
		text = $0; sub(/^<text [^>]*>/, "", text); sub(/<\/text>$/, "", text)
		gsub(/&[a-z]+;/, "x", text)
		gsub(/[\200-\277]/, "", text)	# count characters, not bytes
		if (x + length(text) * size * 0.6 > width + 0.5) {
			print "text past the right edge (" width "): " $0
			bad = 1
		}
	}
	END { exit bad }' || fail "$1: a text is cut off at the right edge"
}

check_legend() {	# file
	for entry in "blocked" "holds a lock" "ready, but another thread ran" \
	    "a step in a data race (outlined, !)" "empty: not started or finished" \
	    "a step the thread took, in its colour, with what it did" \
	    "dashed: where the thread is after the last step"; do
		svg_text "$1" "$entry" || fail "$1: the legend lacks '$entry'"
	done
}

check_svg() {	# scenario, then run arguments
	name=$1
	shift
	"$LOCKSTEP" run "$name" "$@" --format svg > "$work/$name.svg"
	[ $? -le 1 ] || fail "$name: run --format svg failed"
	xmllint --noout "$work/$name.svg" || fail "$name: the SVG is not well-formed"
	rsvg-convert "$work/$name.svg" -o "$work/$name.png" || fail "$name: rsvg-convert failed"
	[ -s "$work/$name.png" ] || fail "$name: empty PNG"
	check_fits "$work/$name.svg"
	check_legend "$work/$name.svg"
	# every step's label, as the table prints it, is in the picture: whole
	# in the box's tooltip
	"$LOCKSTEP" run "$name" "$@" --format json |
		sed -n 's/.*"step": \([0-9]*\), "thread": "\([^"]*\)", "action": "\([^"]*\)".*/\1\t\2\t\3/p' \
		> "$work/$name.labels"
	[ -s "$work/$name.labels" ] || fail "$name: no steps"
	while IFS="$(printf '\t')" read -r step thread label; do
		escaped=$(printf '%s' "$label" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
		grep -qF -- "<title>step $step, $thread: $escaped" "$work/$name.svg" ||
			fail "$name: the SVG lacks step $step, '$label'"
	done < "$work/$name.labels"
}

check_svg lost-update --schedule A,B,A,B
check_svg deadlock --schedule A,B
check_svg producer-consumer --policy random --seed 3
check_svg dining-philosophers --policy rr
check_svg semaphore-limit --policy rr
# A run of cells where a thread is ready (or blocked) is one element, not
# one a cell: no ready line starts where another on its row ends.
awk 'match($0, /^<line x1="[0-9]+" y1="[0-9]+" x2="[0-9]+"/) {
	split(substr($0, RSTART, RLENGTH), v, "\"")
	if ((v[4] SUBSEP v[2]) in ends) { print; bad = 1 }
	ends[v[4] SUBSEP v[6]] = 1
} END { exit bad }' "$work/semaphore-limit.svg" ||
	fail "semaphore-limit: a ready lane is drawn a cell at a time"
svg_text "$work/lost-update.svg" "verdict: expectation failed: expect counter == 2: counter is 1" ||
	fail "the lost update's verdict is not in its picture"
grep -q 'stroke="#cc2020"' "$work/lost-update.svg" || fail "the races are not marked"
grep -q "data race on counter: B reads it at step 2" "$work/lost-update.svg" ||
	fail "the races are not listed"

# The deadlock at step 2: the wait of each thread and the holder of each
# lock, in the lanes' last column and in words under them.
dl=$work/deadlock.svg
for text in "A" "blocked at line 22: waits for m2 held by B" \
    "B" "blocked at line 27: waits for m1 held by A" \
    "locks and primitives: m1: held by A · m2: held by B" "after" "after step 2:"; do
	svg_text "$dl" "$text" || fail "the deadlock picture lacks '$text'"
done
grep -q "<title>after step 2, A: waits for m2 held by B</title>" "$dl" ||
	fail "the deadlock picture's last column does not show A's wait"
[ "$(grep -c 'fill="#d9a400"' "$dl")" -ge 3 ] || fail "the locks held are not drawn"
svg_text "$dl" "verdict: deadlock: A waits for m2 held by B; B waits for m1 held by A" ||
	fail "the deadlock's verdict is not in its picture"

# The dining philosophers' long verdict is wrapped, never cut (check_fits
# above), and whole: its lines joined give the verdict of the run.
verdict=$("$LOCKSTEP" run dining-philosophers --policy rr --format json |
	sed -n 's/.*"verdict": {"kind": "\([^"]*\)", "message": "\([^"]*\)".*/\1: \2/p')
grep -o '<text [^>]*font-size="19"[^>]*>[^<]*</text>' "$work/dining-philosophers.svg" |
	sed 's/<[^>]*>//g' | tr '\n' ' ' | sed 's/ $//' > "$work/verdict.txt"
[ "$(cat "$work/verdict.txt")" = "verdict: $verdict" ] ||
	fail "the philosophers' verdict is not whole: $(cat "$work/verdict.txt")"
[ "$(grep -c 'font-size="19"' "$work/dining-philosophers.svg")" -ge 2 ] ||
	fail "the philosophers' long verdict is not wrapped"

# A 96-step run fits the slide unscaled, in rows, every step numbered.
cat > "$work/long.race" <<'EOF'
title: Ninety-six steps
N = 12
counter = 0
m = Lock()
thread A:
    for i in range(N):
        with m:
            counter += 1
thread B:
    for i in range(N):
        with m:
            counter += 1
expect counter == 2 * N
EOF
"$LOCKSTEP" run "$work/long.race" --format svg -o "$work/long.svg" || fail "the long run failed"
xmllint --noout "$work/long.svg" || fail "the long SVG is not well-formed"
check_fits "$work/long.svg"
check_legend "$work/long.svg"
[ "$(xpath "$work/long.svg" "/*/@width") $(xpath "$work/long.svg" "/*/@height")" = \
    "$(xpath "$work/long.svg" "/*/@viewBox" | cut -d' ' -f3,4)" ] ||
	fail "a 96-step run of two threads is scaled down"
for step in 1 2 48 95 96; do
	svg_text "$work/long.svg" "$step" || fail "the long picture does not number step $step"
done
[ "$(xpath "$work/long.svg" "count(//*[local-name()='text'][.='A'])")" -ge 4 ] ||
	fail "the long run is not wrapped into rows (a lane name per row)"
svg_text "$work/long.svg" "verdict: ok" || fail "the long run's verdict is missing"
svg_text "$work/long.svg" "shared: counter = 24" ||
	fail "the long run's values are missing (or show the constant N)"

# A run too long for any layout is scaled down to fit, and says so.
sed 's/^N = 12$/N = 60/' "$work/long.race" > "$work/longer.race"
"$LOCKSTEP" run "$work/longer.race" --format svg -o "$work/longer.svg" ||
	fail "the longer run failed"
check_fits "$work/longer.svg"
grep -q "drawn smaller to fit 1920 x 1440; --steps A-B draws a part of it larger" \
	"$work/longer.svg" || fail "a scaled picture does not say so"

# --steps A-B: only those steps, the state after B, the run's verdict.
"$LOCKSTEP" run "$work/long.race" --format svg --steps 10-20 -o "$work/part.svg"
[ $? -eq 0 ] || fail "--steps 10-20 failed"
check_fits "$work/part.svg"
grep -q "<title>step 10, " "$work/part.svg" && grep -q "<title>step 20, " "$work/part.svg" ||
	fail "--steps 10-20 lacks step 10 or 20"
! grep -q "<title>step 9, \|<title>step 21, " "$work/part.svg" ||
	fail "--steps 10-20 shows steps outside it"
svg_text "$work/part.svg" "after step 20:" || fail "--steps does not end the picture at B"
svg_text "$work/part.svg" "the run goes on to step 96; verdict: ok" ||
	fail "--steps does not say the run goes on"
grep -q "policy rr, seed 0, steps 10-20 of 96</text>" "$work/part.svg" ||
	fail "--steps is not in the subtitle"
for bad in 0-3 5-2 x-3 3 3- -3 1-99999999999; do
	"$LOCKSTEP" run deadlock --format svg --steps "$bad" > /dev/null 2>"$work/err"
	[ $? -eq 2 ] && grep -q "steps takes A-B" "$work/err" || fail "--steps $bad is not refused"
done
"$LOCKSTEP" run deadlock --format svg --steps 1-3 -o "$work/beyond.svg" 2>"$work/err"
[ $? -eq 2 ] && grep -q "steps 1-3 are not in the run, which has 2 steps" "$work/err" ||
	fail "--steps beyond the run is not refused"
[ ! -e "$work/beyond.svg" ] && [ ! -e "$work/beyond.svg.part" ] ||
	fail "a refused --steps left a file"
"$LOCKSTEP" run deadlock --steps 1-2 > /dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "steps goes with --format svg or html" "$work/err" ||
	fail "--steps with text output is not refused"

# --theme: light (the default) and dark backgrounds; anything else refused.
"$LOCKSTEP" run deadlock --format svg --theme dark > "$work/dark.svg"
xmllint --noout "$work/dark.svg" || fail "the dark SVG is not well-formed"
grep -q '<rect width="[0-9]*" height="[0-9]*" fill="#17191e"/>' "$work/dark.svg" ||
	fail "--theme dark does not draw on a dark background"
grep -q '<rect width="[0-9]*" height="[0-9]*" fill="#ffffff"/>' "$dl" ||
	fail "the default theme is not light"
"$LOCKSTEP" run deadlock --schedule A,B --format svg --theme light | cmp -s - "$dl" ||
	fail "--theme light is not the default"
"$LOCKSTEP" run deadlock --format html --theme dark | grep -q ":root { color-scheme: dark; --bg: #17191e;" ||
	fail "--theme dark does not darken the page"
"$LOCKSTEP" run deadlock --format svg --theme neon > /dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q "unknown theme 'neon' (use light or dark)" "$work/err" ||
	fail "--theme neon is not refused"

# A function's code is on the page, its lines where a thread inside a call
# of it is marked.
"$LOCKSTEP" run bank-transfer --schedule A,B --format html > "$work/def.html"
grep -q '<h2>def transfer</h2>' "$work/def.html" &&
	grep -q 'id="d-28"><span class="no">28</span>' "$work/def.html" ||
	fail "the page does not show the function a thread is in"

# A Python program's Thread objects are headed as threads, never by the
# name the compiler gave their group (thread@22 for a loop's
# Thread(...).start()); the members below say who they are.
"$LOCKSTEP" run "${TESTS_SRCDIR:?}/python/valid/daemon-workers-loop.py" --format html \
    > "$work/py.html"
grep -q '<h2>daemon threads</h2>' "$work/py.html" &&
	grep -q 'Thread-2 (worker)' "$work/py.html" &&
	! grep -q 'thread@' "$work/py.html" ||
	fail "the page heads a .py file's threads by the compiler's name for them"

# -o FILE: the same bytes as stdout, whole, no .part left; an unwritable
# FILE is an error (2) that leaves nothing.
for format in text json svg html; do
	"$LOCKSTEP" run lost-update --schedule A,B,A,B --format $format > "$work/out.std"
	"$LOCKSTEP" run lost-update --schedule A,B,A,B --format $format -o "$work/out.$format"
	[ $? -eq 1 ] || fail "-o changes the exit status ($format)"
	cmp -s "$work/out.std" "$work/out.$format" || fail "-o writes other bytes ($format)"
	[ ! -e "$work/out.$format.part" ] || fail "-o left its .part ($format)"
done
"$LOCKSTEP" run lost-update --format svg -o "$work/no/such/dir/x.svg" 2>"$work/err"
[ $? -eq 2 ] && grep -q "cannot write $work/no/such/dir/x.svg" "$work/err" ||
	fail "an unwritable -o is not an error"

# The handout: well-formed, self-contained, the step table and the state.
"$LOCKSTEP" run condition-if --policy rr --format html > "$work/page.html"
xmllint --html --noout "$work/page.html" 2>"$work/html.err" ||
	{ cat "$work/html.err"; fail "the HTML page is not well-formed"; }
grep -q "<td class=\"t0\">c.acquire()</td>" "$work/page.html" || fail "no step table in the page"
grep -Eiq 'https?:|src=|<link|@import|url\(' "$work/page.html" &&
	fail "the page refers to something outside itself"
grep -q "Content-Security-Policy\" content=\"default-src 'none';" "$work/page.html" ||
	fail "the page does not forbid fetching"
[ "$(grep -c '<script' "$work/page.html")" -eq 2 ] || fail "the page has other scripts"
"$LOCKSTEP" run deadlock --format html > "$work/dl.html"
for text in 'id="g0-22"><span class="no">22</span>        with m2:' \
    '<li id="p0">m1: held by A</li>' '<li id="p1">m2: held by B</li>' \
    'id="ts0">blocked at line 22: waits for m2 held by B<' \
    '"first": 1, "last": 2, "total": 2,'; do
	grep -qF "$text" "$work/dl.html" || fail "the deadlock page lacks '$text'"
done

# Text from the scenario cannot break out of the page's elements.
printf '%s\n' \
	'title: </script><script>document.title="pwned"</script> <!-- & "q"' \
	'msg = "</script><script>parent.pwned=1</script><!--"' \
	'thread A:' '    msg = "</SCRIPT><img src=x>"' \
	'thread B:' '    msg = "ok"' > "$work/hostile.race"
"$LOCKSTEP" run "$work/hostile.race" --format html -o "$work/hostile.html" ||
	fail "the hostile scenario's page failed"
xmllint --html --noout "$work/hostile.html" 2>/dev/null || fail "the hostile page is not well-formed"
[ "$(grep -ci '</script' "$work/hostile.html")" -eq 2 ] ||
	fail "a scenario's </script> reached the page"
grep -q '<h1>&lt;/script&gt;&lt;script&gt;document.title=&quot;pwned&quot;' \
	"$work/hostile.html" || fail "the hostile title is not escaped as text"
grep -q '\\u003c/SCRIPT\\u003e\\u003cimg src=x\\u003e' "$work/hostile.html" ||
	fail "the hostile value is not escaped in the JSON"
"$LOCKSTEP" run "$work/hostile.race" --format svg -o "$work/hostile.svg"
xmllint --noout "$work/hostile.svg" || fail "the hostile picture is not well-formed"

# The TUI's s saves the same picture of the run so far: after step 1 with
# no verdict yet, after step 2 with both waits and both holders.
if command -v tmux >/dev/null 2>&1; then
	: "${TESTS_SRCDIR:?}"
	server="lockstep-export-$$"
	trap 'tmux -L "$server" kill-server >/dev/null 2>&1; rm -rf "$work"' EXIT
	. "$TESTS_SRCDIR/tmux-lib.sh"
	mkdir "$work/tui"
	cat > "$work/tui.sh" <<EOS
cd "$work/tui"
env ASAN_OPTIONS=fast_unwind_on_malloc=0:${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-} \
	LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color "$LOCKSTEP" deadlock
sleep 30
EOS
	tmux -L "$server" -f /dev/null new-session -d -s t -x 100 -y 30 "sh $work/tui.sh" ||
		fail "tmux cannot start"
	wait_for "Deadlock"
	tmux -L "$server" send-keys -t t 1 s
	wait_for "saved deadlock-step1.svg"
	tmux -L "$server" send-keys -t t 2 s
	wait_for "saved deadlock-step2.svg"
	for n in 1 2; do
		xmllint --noout "$work/tui/deadlock-step$n.svg" || fail "s: step $n is not well-formed"
		check_fits "$work/tui/deadlock-step$n.svg"
		check_legend "$work/tui/deadlock-step$n.svg"
	done
	svg_text "$work/tui/deadlock-step1.svg" "no verdict yet: the run goes on after step 1" ||
		fail "s at step 1 does not say the run goes on"
	svg_text "$work/tui/deadlock-step1.svg" "locks and primitives: m1: held by A · m2: free" ||
		fail "s at step 1 does not show who holds what"
	for text in "blocked at line 22: waits for m2 held by B" \
	    "blocked at line 27: waits for m1 held by A" \
	    "locks and primitives: m1: held by A · m2: held by B" \
	    "verdict: deadlock: A waits for m2 held by B; B waits for m1 held by A"; do
		svg_text "$work/tui/deadlock-step2.svg" "$text" ||
			fail "s at the deadlock's step 2 lacks '$text'"
	done
	tmux -L "$server" kill-server >/dev/null 2>&1
else
	echo "tmux not installed: the TUI's s is not checked"
fi

# A run that took a tour: the picture lists each shown step's caption
# under the rows, led by the step and its thread, and gives it in the
# box's tooltip; the handout has a caption column; a run without a tour
# has neither.
"$LOCKSTEP" run lost-update --tour 1 --format svg -o "$work/tour.svg"
[ $? -eq 1 ] || fail "run --tour --format svg failed"
check_fits "$work/tour.svg"
svg_text "$work/tour.svg" 'tour "The lost update":' || fail "the picture does not name the tour"
svg_text "$work/tour.svg" "A loads counter into its own register: 0" &&
	svg_text "$work/tour.svg" "1 A" &&
	svg_text "$work/tour.svg" "B loads counter too, before A has stored: also 0" &&
	svg_text "$work/tour.svg" "2 B" ||
	fail "the picture lacks the tour's captions, each led by its step and thread"
[ "$(xpath "$work/tour.svg" "count(//*[local-name()='title'][contains(.,'B adds 1 to its 0')])")" = 1 ] ||
	fail "step 3's box does not give its caption"
"$LOCKSTEP" run lost-update --tour 1 --steps 2-3 --format svg -o "$work/tour23.svg"
svg_text "$work/tour23.svg" "B loads counter too, before A has stored: also 0" &&
	! svg_text "$work/tour23.svg" "A loads counter into its own register: 0" ||
	fail "--steps 2-3 does not show just the captions of steps 2 and 3"
"$LOCKSTEP" run lost-update --schedule B,A,B,A --format svg -o "$work/notour.svg"
! grep -q "tour &quot;\|tour \"" "$work/notour.svg" || fail "a run without a tour shows one"
"$LOCKSTEP" run lost-update --tour 1 --format html -o "$work/tour.html"
xmllint --html --xpath "string(//tr[@id='s4']/td[@class='caption'])" "$work/tour.html" 2>/dev/null |
	grep -q "^A adds 1 to the 0 it loaded and stores 1 over B's 1: B's update is lost$" ||
	fail "the handout's step table lacks the caption of step 4"
"$LOCKSTEP" run lost-update --schedule B,A,B,A --format html -o "$work/notour.html"
! grep -q 'class="caption"' "$work/notour.html" || fail "a handout without a tour has captions"

"$LOCKSTEP" run lost-update --schedule A,B,A,B --trace "$work/lost.trace" >/dev/null
"$LOCKSTEP" replay --headless "$work/lost.trace" --format svg > "$work/replayed.svg"
"$LOCKSTEP" run lost-update --schedule A,B,A,B --format svg > "$work/direct.svg"
sed -i 's/policy [a-z]*, /policy P, /' "$work/replayed.svg" "$work/direct.svg"
cmp -s "$work/replayed.svg" "$work/direct.svg" || fail "the replayed picture differs"
# replay --headless takes run's -o, --steps and --theme, only with --headless
"$LOCKSTEP" replay --headless "$work/lost.trace" --format html --steps 2-3 --theme dark \
	-o "$work/replayed.html"
[ $? -eq 1 ] && grep -q '"first": 2, "last": 3, "total": 4,' "$work/replayed.html" &&
	grep -q "color-scheme: dark" "$work/replayed.html" ||
	fail "replay --headless does not take -o, --steps and --theme"
"$LOCKSTEP" replay "$work/lost.trace" -o "$work/x.svg" 2>"$work/err"
[ $? -eq 2 ] && grep -q -- "-o goes with --headless" "$work/err" ||
	fail "replay without --headless takes -o"
"$LOCKSTEP" replay --headless "$work/lost.trace" --theme dark 2>"$work/err"
[ $? -eq 2 ] && grep -q -- "--theme goes with --format svg or html" "$work/err" ||
	fail "replay --theme without svg or html is not refused"
mkfifo "$work/fifo.svg"
"$LOCKSTEP" run lost-update --format svg -o "$work/fifo.svg" 2>"$work/err"
[ $? -eq 2 ] && grep -q "cannot write $work/fifo.svg: it is a FIFO" "$work/err" ||
	fail "-o to a FIFO is not refused"
echo "PASS: pictures fit 1920 x 1440 with a legend, the waits and holders, whole verdicts;" \
	"--steps, --theme and -o; the page self-contained and escaped; replay the same"
