#!/bin/sh
# pair.sh RUNS 'COMMAND_A' 'COMMAND_B' - time two commands by turns (A B A
# B ...), RUNS pairs, each run timed from outside with GNU time, and print
# each run's figures, the medians of A and of B (wall, CPU = user + sys,
# peak resident), and the median of the pairs' A/B ratios: pairing keeps a
# ratio meaningful while a shared machine's speed drifts.  Each command is
# one string split as the shell splits words (no pipes; write sh -c '...').
# Its output is thrown away; a command that fails stops the script.
# Needs /usr/bin/time (Debian's time package) and awk.
set -u
runs=${1:?usage: pair.sh RUNS 'COMMAND_A' 'COMMAND_B'}
a=${2:?usage: pair.sh RUNS 'COMMAND_A' 'COMMAND_B'}
b=${3:?usage: pair.sh RUNS 'COMMAND_A' 'COMMAND_B'}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one run of the command in $1: "wall cpu peak_mib" on stdout
run() {
	# shellcheck disable=SC2086 # the command is split into words on purpose
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" $1 >/dev/null 2>&1 ||
	    { echo "pair.sh: '$1' failed" >&2; exit 1; }
	awk '{ printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024 }' "$tmp/time"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
i=1
while [ "$i" -le "$runs" ]; do
	ra=$(run "$a") || exit 1
	rb=$(run "$b") || exit 1
	echo "pair $i: A $ra, B $rb (wall s, cpu s, peak MiB)"
	echo "$ra $rb" >>"$tmp/pairs"
	i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
for col in 1 2 3; do
	ma=$(awk -v c="$col" '{ print $c }' "$tmp/pairs" | median)
	mb=$(awk -v c="$col" '{ print $(c + 3) }' "$tmp/pairs" | median)
	r=$(awk -v c="$col" '$(c + 3) > 0 { printf "%.3f\n", $c / $(c + 3) }' "$tmp/pairs" | median)
	name=$(echo "wall cpu peak" | cut -d' ' -f"$col")
	echo "$name: A median $ma, B median $mb, A/B median of the pairs ${r:-?}"
done
