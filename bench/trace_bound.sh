#!/bin/sh
# trace_bound.sh - what a trace too long to be one costs to refuse.
# Writes a 60 MB trace whose schedule names 30,000,000 steps (A,A,A,...),
# then times `lockstep replay --headless` on it and reports its peak memory
# (GNU time).  The reader counts the schedule's steps before it parses
# them, so the cost is reading the file, not believing it.
# Usage: bench/trace_bound.sh [LOCKSTEP]
set -eu
lockstep=${1:-./lockstep}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$lockstep" run lost-update --trace "$work/small.trace" > /dev/null || true
[ -s "$work/small.trace" ] || { echo "cannot write a trace with $lockstep"; exit 1; }
sed '/^schedule /,$d' "$work/small.trace" > "$work/big.trace"
printf 'schedule A' >> "$work/big.trace"
yes ,A | head -n 29999999 | tr -d '\n' >> "$work/big.trace"
printf '\nsteps 0\nverdict ok\nend\n' >> "$work/big.trace"
size=$(wc -c < "$work/big.trace")
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "refused in %e s, peak memory %M KiB" \
		"$lockstep" replay --headless "$work/big.trace" > /dev/null 2> "$work/err" || true
else
	"$lockstep" replay --headless "$work/big.trace" > /dev/null 2> "$work/err" || true
fi
echo "a trace of $size bytes whose schedule has 30000000 steps:"
cat "$work/err"
