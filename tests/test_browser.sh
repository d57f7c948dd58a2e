#!/bin/sh
# test_browser.sh - the handout (lockstep run --format html) in a real
# browser: headless Chromium loads the page, runs its script, and the DOM
# it ends with is read back with xmllint.  The page opens at #step=N; keys
# (left, right, Home, End) and the buttons are pressed by a script added
# to a copy of the page, which sends the same keydown and click events a
# user's would to the page's own handlers.  Each check reads the step
# shown, the thread lines marked, the values and lock owners and whether
# the verdict shows, and a tour's caption.  Skipped (77) where chromium or
# xmllint is not installed.
set -u
chromium=$(command -v chromium || command -v chromium-browser) ||
	{ echo "chromium not installed: skipped"; exit 77; }
command -v xmllint >/dev/null 2>&1 || { echo "xmllint not installed: skipped"; exit 77; }
: "${LOCKSTEP:?}" "${SCENARIOS_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export LOCKSTEP_PATH="$SCENARIOS_DIR"

# dom PAGE [FRAGMENT]: the DOM after the page has loaded and its scripts
# have run, in $work/dom.html.  The timeout only stops a browser that
# hangs; a page that loads is dumped as soon as it has.
dom() {
	profile=$(mktemp -d "$work/profile.XXXXXX")
	timeout 300 "$chromium" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --disable-dev-shm-usage \
	    --no-first-run --user-data-dir="$profile" \
	    --dump-dom "file://$1${2:+#$2}" > "$work/dom.html" 2> "$work/chromium.err" ||
		{ cat "$work/chromium.err"; fail "chromium could not load $1"; }
	rm -rf "$profile"
	[ -s "$work/dom.html" ] || { cat "$work/chromium.err"; fail "chromium gave no DOM"; }
}
# q EXPR: an XPath string value in the DOM.
q() {
	xmllint --html --xpath "string($1)" "$work/dom.html" 2>/dev/null
}
expect() {	# what, XPath, wanted value
	got=$(q "$2")
	[ "$got" = "$3" ] || fail "$1: wanted '$3', got '$got'"
}
# press PAGE ACTIONS...: a copy of PAGE whose added script performs the
# actions in order (key:NAME sends a keydown, click:ID clicks a button).
press() {
	page=$1
	shift
	{
		sed '/^<\/body>$/,$d' "$page"
		echo "<script>"
		for action in "$@"; do
			case $action in
			key:*) echo "document.dispatchEvent(new KeyboardEvent('keydown'," \
			    "{ key: '${action#key:}', bubbles: true, cancelable: true }));" ;;
			click:*) echo "document.getElementById('${action#click:}').click();" ;;
			esac
		done
		echo "</script>"
		echo "</body>"
		echo "</html>"
	} > "$work/pressed.html"
}
marked() {	# the ids of the lines marked as next, in order
	q "concat((//span[contains(@class,'next')])[1]/@id, ' ', (//span[contains(@class,'next')])[2]/@id)"
}
verdict_shown() {
	[ "$(q "count(//p[@id='verdict'][@hidden])")" = 0 ]
}

# lost update, A,B,A,B: counter 0 -> A LOAD, B LOAD, A STORE 1, B STORE 1
"$LOCKSTEP" run lost-update --schedule A,B,A,B --format html -o "$work/lost.html"
[ $? -eq 1 ] || fail "run --format html failed"

dom "$work/lost.html"
expect "a page opens at the start" "//span[@id='now']" 0
expect "the start" "//p[@id='what']" "before the first step"
[ "$(marked)" = "g0-22 g1-25" ] || fail "at the start A and B are not at their lines: $(marked)"
expect "A's mark" "//span[@id='g0-22']//span[starts-with(@class,'mark ')]" " ◀ A"
expect "the value at the start" "//li[@id='v0']" "counter = 0"
verdict_shown && fail "the verdict shows before the end"
expect "back is off at the start" "count(//button[@id='prev'][@disabled])" 1

dom "$work/lost.html" "step=3"
expect "#step=3" "//span[@id='now']" 3
expect "step 3 says what it did" "//p[@id='what']" \
	"step 3: A STORE counter = 1  (in a data race)"
expect "step 3's row" "//tr[contains(@class,'cur')]/@id" s3
expect "the line step 3 ran" "//span[contains(@class,'ran')]/@id" g0-22
expect "A after step 3" "//span[@id='ts0']" finished
expect "B after step 3" "//span[@id='ts1']" "runnable, next: line 25"
expect "counter after step 3" "//li[@id='v0']" "counter = 1"
expect "the change is marked" "//li[@id='v0']/@class" changed
verdict_shown && fail "the verdict shows at step 3 of 4"

dom "$work/lost.html" "step=end"
expect "#step=end" "//span[@id='now']" 4
verdict_shown || fail "the verdict does not show at the end"
expect "the verdict" "//p[@id='verdict']" \
	"verdict: expectation failed: expect counter == 2: counter is 1"
expect "next is off at the end" "count(//button[@id='next'][@disabled])" 1

press "$work/lost.html" key:ArrowRight key:ArrowRight key:ArrowRight
dom "$work/pressed.html"
expect "three right arrows" "//span[@id='now']" 3
expect "three right arrows: the row" "//tr[contains(@class,'cur')]/@id" s3
press "$work/lost.html" key:End
dom "$work/pressed.html"
expect "End" "//span[@id='now']" 4
verdict_shown || fail "End does not show the verdict"
press "$work/lost.html" key:End key:ArrowLeft
dom "$work/pressed.html"
expect "End, left arrow" "//span[@id='now']" 3
verdict_shown && fail "the verdict stays after stepping back from the end"
press "$work/lost.html" key:End key:ArrowRight key:ArrowRight
dom "$work/pressed.html"
expect "right arrows past the end" "//span[@id='now']" 4
press "$work/lost.html" key:End key:Home key:ArrowLeft
dom "$work/pressed.html"
expect "Home, left arrow" "//span[@id='now']" 0
press "$work/lost.html" click:next click:next click:end click:prev click:prev click:prev
dom "$work/pressed.html"
expect "the buttons" "//span[@id='now']" 1
expect "the buttons: the line A will run" "(//span[contains(@class,'next')])[1]/@id" g0-22
press "$work/lost.html" click:end click:home
dom "$work/pressed.html"
expect "the start button" "//span[@id='now']" 0

# A run that took a tour: stepping shows the caption of the step shown,
# none before the first step.
"$LOCKSTEP" run lost-update --tour 1 --format html -o "$work/tour.html"
dom "$work/tour.html"
expect "no caption before the first step" "count(//p[@id='caption'][@hidden])" 1
press "$work/tour.html" key:ArrowRight key:ArrowRight
dom "$work/pressed.html"
expect "the caption of step 2" "//p[@id='caption']" \
	"B loads counter too, before A has stored: also 0"
expect "the caption of step 2 shows" "count(//p[@id='caption'][@hidden])" 0
press "$work/tour.html" key:End key:ArrowLeft
dom "$work/pressed.html"
expect "the caption of step 3" "//p[@id='caption']" "B adds 1 to its 0 and stores 1"
dom "$work/lost.html" "step=2"
expect "a run without a tour has no caption" "count(//p[@id='caption'][@hidden])" 1

# The deadlock at step 2: both threads blocked at their inner `with`, each
# lock held by the other thread, the cycle in the verdict.
"$LOCKSTEP" run deadlock --format html -o "$work/deadlock.html"
dom "$work/deadlock.html" "step=1"
expect "deadlock step 1: m1" "//li[@id='p0']" "m1: held by A"
expect "deadlock step 1: m2" "//li[@id='p1']" "m2: free"
expect "deadlock step 1: B" "//span[@id='ts1']" "runnable, next: line 26"
verdict_shown && fail "the deadlock's verdict shows at step 1"
dom "$work/deadlock.html" "step=2"
[ "$(marked)" = "g0-22 g1-27" ] || fail "the deadlocked threads' lines: $(marked)"
expect "A's wait" "//span[@id='ts0']" "blocked at line 22: waits for m2 held by B"
expect "B's wait" "//span[@id='ts1']" "blocked at line 27: waits for m1 held by A"
expect "A blocked, marked" "//span[@id='g0-22']//span[starts-with(@class,'mark ')]" " ◀ A (blocked)"
expect "deadlock step 2: m2" "//li[@id='p1']" "m2: held by B"
verdict_shown || fail "the deadlock's verdict does not show at its last step"
expect "the deadlock's verdict" "//p[@id='verdict']" \
	"verdict: deadlock: A waits for m2 held by B; B waits for m1 held by A"

# A thread group shows its code once, every member marked on its line.
"$LOCKSTEP" run dining-philosophers --format html -o "$work/phil.html"
dom "$work/phil.html" "step=0"
expect "one block for the group" "count(//div[@class='thread'])" 1
expect "five members" "count(//span[starts-with(@class,'mark ')])" 5

# --steps A-B: the page steps from the state before A to B.
"$LOCKSTEP" run lost-update --schedule A,B,A,B --format html --steps 2-3 -o "$work/part.html"
dom "$work/part.html"
expect "--steps 2-3 opens after step 1" "//span[@id='now']" 1
expect "after step 1" "//p[@id='what']" "after step 1"
press "$work/part.html" key:End
dom "$work/pressed.html"
expect "--steps 2-3 ends at 3" "//span[@id='now']" 3
verdict_shown || fail "the verdict does not show at the last step of --steps 2-3"
expect "the verdict after --steps 2-3" "//p[@id='verdict']" \
	"the run goes on to step 4; verdict: expectation failed: expect counter == 2: counter is 1"
press "$work/part.html" key:End key:ArrowLeft
dom "$work/pressed.html"
verdict_shown && fail "the verdict shows before the last step of --steps 2-3"

# A title or value holding </script> is text, and the page still steps.
printf '%s\n' 'title: </script><script>document.title="pwned"</script>' \
	'msg = "</script><script>document.title=1</script><!--"' \
	'thread A:' '    msg = "</SCRIPT><!--"' 'thread B:' '    msg = "ok"' \
	> "$work/hostile.race"
"$LOCKSTEP" run "$work/hostile.race" --format html -o "$work/hostile.html"
dom "$work/hostile.html" "step=1"
expect "the hostile title" "//title" '</script><script>document.title="pwned"</script>'
expect "the hostile page steps" "//span[@id='now']" 1
expect "the hostile value" "//li[@id='v0']" "msg = '</SCRIPT><!--'"
echo "PASS: the handout steps by #step, keys and buttons in Chromium, with lines, values, owners and the verdict"
