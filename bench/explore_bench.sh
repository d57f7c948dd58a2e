#!/usr/bin/env bash
# explore_bench.sh - lockstep explore against Spin, and its states per second.
#
# usage: bench/explore_bench.sh [LOCKSTEP]
#
# LOCKSTEP is the binary to measure (default: $LOCKSTEP, else ./lockstep);
# build it optimised (the default CFLAGS, -O2), not with --enable-debug.
#
# 1. The counter: N threads each add one to a shared counter K times, each
#    addition a load and a store.  For 3 x 3 and 4 x 3, lockstep explores
#    it exhaustively (one job and two) and the script checks the outcome
#    set is {2, ..., N*K}; if spin and gcc are installed (Debian: apt-get
#    install spin), Spin verifies bench/counter.pml, the same program in
#    Promela, with its partial-order reduction.  Both are timed end to end
#    (Spin: generating and compiling its verifier, then running it), and
#    the script prints the ratio.
#    Then Peterson's algorithm (scenarios/peterson.race), whose busy wait
#    the search closes, beside Spin on bench/peterson.pml.
# 2. The bigger bundled scenarios, searched exhaustively with one job and
#    two, REPEAT times each (default 5): states per second of the median
#    and of the best run, and the speed-up of two jobs over one (medians).
#    Runs on a shared virtual machine vary by a third and more; the median
#    is the figure to quote, the best shows what the machine can do.
#
# SCENARIOS (names, space-separated) replaces the list of part 2.
#
# Not a test: the figures depend on the machine and on what else runs on it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lockstep=${1:-${LOCKSTEP:-./lockstep}}
case $lockstep in */*) ;; *) lockstep=./$lockstep ;; esac
[ -x "$lockstep" ] || { echo "explore_bench.sh: no lockstep binary at $lockstep" >&2; exit 2; }
lockstep=$(cd "$(dirname "$lockstep")" && pwd)/$(basename "$lockstep")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LOCKSTEP_PATH=$here/../scenarios

now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), (b > 0 ? a / b : 0) }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%d", n / s; else printf "-" }'; }
# A top-level number of lockstep's JSON report (all on its first line).
field() { head -n 1 "$1" | sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p"; }

# lockstep explore FILE with jobs $2: sets states, executions, seconds (its
# own count) and wall (the whole process, from start to exit).
explore() {
	local file=$1 jobs=$2 start end status=0
	start=$(now)
	"$lockstep" explore "$file" --jobs "$jobs" --format json >"$work/out.json" || status=$?
	end=$(now)
	if [ "$status" -gt 1 ]; then
		echo "explore_bench.sh: lockstep explore $file failed ($status)" >&2
		exit 2
	fi
	wall=$(minus "$end" "$start")
	states=$(field "$work/out.json" states)
	executions=$(field "$work/out.json" executions)
	seconds=$(field "$work/out.json" seconds)
	grep -q '"exhaustive": true' "$work/out.json" ||
		{ echo "explore_bench.sh: $file was not searched exhaustively" >&2; exit 2; }
}

echo "lockstep explore, $(uname -m), $(nproc) CPUs, $lockstep"
echo
echo "== the counter: N threads x K increments (each a load and a store)"
for nk in "3 3" "4 3"; do
	set -- $nk
	n=$1 k=$2
	printf 'counter = 0\n\nthread t[%d]:\n    for i in range(%d):\n        counter += 1\n' \
	    "$n" "$k" >"$work/counter.race"
	explore "$work/counter.race" 1
	got=$(sed -n 's/.*{"shared": {"counter": \([0-9]*\)}.*/\1/p' "$work/out.json" |
	    sort -n | tr '\n' ' ')
	want="$(seq -s ' ' 2 $((n * k))) "
	[ "$got" = "$want" ] ||
		{ echo "explore_bench.sh: outcomes {$got}, not {$want}" >&2; exit 1; }
	wall1=$wall
	explore "$work/counter.race" 2
	wall2=$wall
	echo
	echo "$n x $k: lockstep: outcomes {${want% }}, $states states, $executions executions"
	echo "       lockstep: $wall1 s (--jobs 1), $wall2 s (--jobs 2), end to end;" \
	    "$(per_second "$states" "$seconds") states/s"
	if command -v spin >/dev/null && command -v gcc >/dev/null; then
		start=$(now)
		(cd "$work" && spin -DN="$n" -DK="$k" -a "$here/counter.pml" >/dev/null &&
			gcc -O2 -DSAFETY -DMEMLIM=16384 -o pan pan.c)
		compiled=$(now)
		(cd "$work" && ./pan -m100000 >pan.out)
		ran=$(now)
		grep -q "errors: 0" "$work/pan.out" ||
			{ echo "explore_bench.sh: Spin found an error" >&2; exit 1; }
		spin_states=$(sed -n 's/^ *\([0-9]*\) states, stored.*/\1/p' "$work/pan.out")
		spin_run=$(minus "$ran" "$compiled")
		spin_total=$(minus "$ran" "$start")
		echo "       $(spin -V | head -n 1): $spin_states states;" \
		    "$(minus "$compiled" "$start") s to build the verifier + $spin_run s to run" \
		    "= $spin_total s; $(per_second "$spin_states" "$spin_run") states/s"
		echo "       Spin's time / lockstep's: $(ratio "$spin_total" "$wall1") (--jobs 1)," \
		    "$(ratio "$spin_total" "$wall2") (--jobs 2)"
	else
		echo "       (spin or gcc not installed: no comparison; apt-get install spin)"
	fi
done

echo
echo "== Peterson's algorithm: a busy wait, which closes (scenarios/peterson.race)"
explore peterson 1
grep -q '"livelock": {"kind": "none"}' "$work/out.json" ||
	{ echo "explore_bench.sh: peterson: a livelock, or none looked for" >&2; exit 1; }
echo "       lockstep: $states states, $wall s end to end (proven: no failure, no livelock)"
if command -v spin >/dev/null && command -v gcc >/dev/null; then
	start=$(now)
	(cd "$work" && spin -a "$here/peterson.pml" >/dev/null &&
		gcc -O2 -DSAFETY -o pan pan.c)
	compiled=$(now)
	(cd "$work" && ./pan >pan.out)
	ran=$(now)
	grep -q "errors: 0" "$work/pan.out" ||
		{ echo "explore_bench.sh: Spin found an error in peterson.pml" >&2; exit 1; }
	echo "       $(spin -V | head -n 1):" \
	    "$(sed -n 's/^ *\([0-9]*\) states, stored.*/\1/p' "$work/pan.out") states;" \
	    "$(minus "$ran" "$start") s end to end"
fi

echo
repeat=${REPEAT:-5}
# The median and the least of the numbers on stdin.
median_and_best() { sort -g | awk '{ v[NR] = $1 } END { printf "%s %s\n", v[int((NR + 1) / 2)], v[1] }'; }

echo
echo "== bigger bundled scenarios, exhaustive: states per second, median (best) of $repeat runs"
printf '%-27s %8s %19s %19s %8s\n' scenario states "1 job" "2 jobs" speed-up
for name in ${SCENARIOS:-semaphore-limit dining-philosophers-waiter bounded-buffer dining-philosophers}; do
	for jobs in 1 2; do
		for i in $(seq "$repeat"); do
			explore "$name" "$jobs"
			echo "$seconds"
		done >"$work/seconds.$jobs"
	done
	read -r m1 b1 < <(median_and_best <"$work/seconds.1")
	read -r m2 b2 < <(median_and_best <"$work/seconds.2")
	printf '%-27s %8s %9s (%7s) %9s (%7s) %8s\n' "$name" "$states" \
	    "$(per_second "$states" "$m1")" "$(per_second "$states" "$b1")" \
	    "$(per_second "$states" "$m2")" "$(per_second "$states" "$b2")" "$(ratio "$m1" "$m2")"
done
