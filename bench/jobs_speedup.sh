#!/bin/sh
# jobs_speedup.sh LOCKSTEP [RUNS] - how much faster is `lockstep explore`
# with two jobs than with one, on the 5 x 3 counter (issue 19 asks 1.6x
# on an idle 2-CPU machine).  Runs one job and two by turns, RUNS pairs
# (default 5), each the exhaustive search of the counter without an
# expect, and prints each run's wall and CPU (user + sys) seconds, the
# medians of one job and of two, and two jobs' speed-up: one job's median
# wall over two jobs' median wall, and the median of the pairs' ratios.
# Take it on an idle machine (load average under 1, nothing else running):
# on a shared one the wall times say how busy it was, not the search.
# Needs GNU time (/usr/bin/time) and awk.
set -u
lockstep=${1:?usage: jobs_speedup.sh LOCKSTEP [RUNS]}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'counter = 0\n\nthread t[5]:\n    for i in range(3):\n        counter += 1\n' >"$tmp/c53n.race"

# one run: "wall cpu" on stdout
run() {
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" \
	    "$lockstep" explore "$tmp/c53n.race" --format json --jobs "$1" >"$tmp/out" ||
	    { echo "jobs_speedup.sh: lockstep explore --jobs $1 failed" >&2; exit 1; }
	grep -q '"exhaustive": true' "$tmp/out" ||
	    { echo "jobs_speedup.sh: the search was not exhaustive" >&2; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/time"
}

echo "uptime before: $(uptime)"
i=1
while [ "$i" -le "$runs" ]; do
	one=$(run 1) || exit 1
	two=$(run 2) || exit 1
	echo "pair $i: 1 job $one, 2 jobs $two (wall s, cpu s)"
	echo "$one $two" >>"$tmp/pairs"
	i=$((i + 1))
done
echo "uptime after: $(uptime)"
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
w1=$(awk '{ print $1 }' "$tmp/pairs" | median)
c1=$(awk '{ print $2 }' "$tmp/pairs" | median)
w2=$(awk '{ print $3 }' "$tmp/pairs" | median)
c2=$(awk '{ print $4 }' "$tmp/pairs" | median)
pr=$(awk '{ printf "%.3f\n", $1 / $3 }' "$tmp/pairs" | median)
cr=$(awk '{ printf "%.3f\n", $4 / $2 }' "$tmp/pairs" | median)
echo "1 job:  median wall $w1 s, cpu $c1 s"
echo "2 jobs: median wall $w2 s, cpu $c2 s"
awk -v a="$w1" -v b="$w2" -v p="$pr" -v c="$cr" 'BEGIN {
	printf "speed-up of 2 jobs: %.2fx (medians), %.2fx (median of the pairs)\n", a / b, p
	printf "CPU of 2 jobs over 1: %.2f (median of the pairs)\n", c }'
