#!/bin/sh
# export_bench.sh - how long `lockstep run --format svg|html` takes, and how
# big the picture and the handout are, for runs of growing length.  Not a
# test: it prints figures.  Usage: bench/export_bench.sh [LOCKSTEP]
# (default ./lockstep; build without --enable-debug for figures that mean
# anything).
set -eu
lockstep=${1:-./lockstep}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# now: the time in milliseconds (GNU date)
now() { echo $(($(date +%s%N) / 1000000)); }

printf '%8s  %6s  %9s  %10s  %9s\n' steps format ms bytes "W x H"
for iterations in 12 125 1250 12500; do
	cat > "$work/run.race" <<RACE
counter = 0
m = Lock()
thread A:
    for i in range($iterations):
        with m:
            counter += 1
thread B:
    for i in range($iterations):
        with m:
            counter += 1
expect counter == $((2 * iterations))
RACE
	steps=$((8 * iterations))
	for format in text svg html; do
		best=
		for repeat in 1 2 3; do
			start=$(now)
			"$lockstep" run "$work/run.race" --max-steps 1000000 --format $format \
			    -o "$work/out.$format"
			took=$(($(now) - start))
			[ -z "$best" ] || [ "$took" -lt "$best" ] && best=$took
		done
		size=-
		[ "$format" = svg ] && size=$(sed -n 's/^<svg [^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1x\2/p' "$work/out.svg")
		printf '%8d  %6s  %9d  %10d  %9s\n' $steps $format "$best" \
		    "$(wc -c < "$work/out.$format")" "$size"
	done
done
