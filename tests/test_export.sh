#!/bin/sh
# test_export.sh - lockstep run --format svg and --format html: the SVG is
# well-formed XML, names every step of the run and renders to PNG; the HTML
# page is well-formed; a trace replays to the same pictures.  Skipped (77)
# without xmllint or rsvg-convert.
set -u
for tool in xmllint rsvg-convert; do
	command -v "$tool" >/dev/null 2>&1 || { echo "$tool not installed: skipped"; exit 77; }
done
: "${LOCKSTEP:?}" "${SCENARIOS_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export LOCKSTEP_PATH="$SCENARIOS_DIR"

check_svg() {	# scenario, then run arguments
	name=$1
	shift
	"$LOCKSTEP" run "$name" "$@" --format svg > "$work/$name.svg"
	[ $? -le 1 ] || fail "$name: run --format svg failed"
	xmllint --noout "$work/$name.svg" || fail "$name: the SVG is not well-formed"
	rsvg-convert "$work/$name.svg" -o "$work/$name.png" || fail "$name: rsvg-convert failed"
	[ -s "$work/$name.png" ] || fail "$name: empty PNG"
	# every step's label, as the table prints it, is in the picture
	"$LOCKSTEP" run "$name" "$@" --format json |
		sed -n 's/.*"action": "\([^"]*\)".*/\1/p' > "$work/$name.labels"
	[ -s "$work/$name.labels" ] || fail "$name: no steps"
	while IFS= read -r label; do
		escaped=$(printf '%s' "$label" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
		grep -qF -- "$escaped</text>" "$work/$name.svg" ||
			fail "$name: the SVG lacks the step '$label'"
	done < "$work/$name.labels"
}

check_svg lost-update --schedule A,B,A,B
check_svg deadlock --schedule A,B
check_svg producer-consumer --policy random --seed 3
check_svg dining-philosophers --policy rr
grep -q "verdict: expectation failed: expect counter == 2: counter is 1" \
	"$work/lost-update.svg" || fail "the lost update's verdict is not in its picture"
grep -q 'stroke="#d03030"' "$work/lost-update.svg" || fail "the races are not marked"
grep -q "<title>holds a lock</title>" "$work/deadlock.svg" || fail "no lock-held span"

"$LOCKSTEP" run condition-if --policy rr --format html > "$work/page.html"
xmllint --html --noout "$work/page.html" 2>"$work/html.err" ||
	{ cat "$work/html.err"; fail "the HTML page is not well-formed"; }
grep -q "<td class=\"t0\">c.acquire()</td>" "$work/page.html" || fail "no step table in the page"

"$LOCKSTEP" run lost-update --schedule A,B,A,B --trace "$work/lost.trace" >/dev/null
"$LOCKSTEP" replay --headless "$work/lost.trace" --format svg > "$work/replayed.svg"
"$LOCKSTEP" run lost-update --schedule A,B,A,B --format svg > "$work/direct.svg"
sed -i 's/policy [a-z]*, /policy P, /' "$work/replayed.svg" "$work/direct.svg"
cmp -s "$work/replayed.svg" "$work/direct.svg" || fail "the replayed picture differs"
echo "PASS: SVG well-formed, complete and rendered; HTML well-formed; replay gives the same picture"
