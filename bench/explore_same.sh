#!/bin/sh
# explore_same.sh OLD NEW [JOBS...] - do two builds of lockstep explore every
# bundled scenario alike?  Runs `OLD explore F --format json --jobs J` and
# the same with NEW for every scenarios/*.race and scenarios/python/*.py
# (J: each of JOBS, default "1 2"), drops the figures that are times or
# memory ("seconds", "memory_mib"), and compares the rest byte for byte.
# A speed change must leave every state count, outcome, race and verdict as
# it was.  Exit 0 if all agree, 1 if some differ (a diff is printed).
# Searches a bound or the clock stops (sampling) can differ between two
# runs of the same build: their reports are compared like any other, so a
# difference is looked at, never ignored.
set -u
old=${1:?usage: explore_same.sh OLD NEW [JOBS...]}
new=${2:?usage: explore_same.sh OLD NEW [JOBS...]}
shift 2
jobs=${*:-1 2}
dir=$(dirname "$0")/../scenarios
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strip() {
	sed -e 's/"seconds": [0-9.e+-]*/"seconds": _/' -e 's/"memory_mib": [0-9.e+-]*/"memory_mib": _/'
}
status=0
n=0
for f in "$dir"/*.race "$dir"/python/*.py; do
	for j in $jobs; do
		"$old" explore "$f" --format json --jobs "$j" 2>&1 | strip >"$tmp/old"
		"$new" explore "$f" --format json --jobs "$j" 2>&1 | strip >"$tmp/new"
		n=$((n + 1))
		if ! cmp -s "$tmp/old" "$tmp/new"; then
			echo "DIFFERS: $f --jobs $j"
			diff "$tmp/old" "$tmp/new" | head -20
			status=1
		fi
	done
done
echo "$n reports compared: $([ $status = 0 ] && echo all the same || echo some differ)"
exit $status
