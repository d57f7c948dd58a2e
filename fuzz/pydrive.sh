#!/bin/bash
# pydrive.sh LOCKSTEP DIR START COUNT - programs START.. of fuzz/pygen.py
# through every verb of LOCKSTEP (an --enable-fuzzing or --enable-sanitizers
# build): check, then for those that compile run (rr, random, pct), a
# bounded explore and a short free-run.  An exit status other than 0, 1, 2
# or 4 (3 is an internal error, 124 a hang past timeout(1), 128+N a signal)
# or a sanitizer report is a finding: the program and its stderr are kept
# in DIR/found.  Programs that do not compile are deleted.
set -u
L=$1 dir=$2 start=$3 count=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/found"
python3 "$here/pygen.py" "$start" "$count" "$dir"
err=$dir/stderr.txt
finding() {	# VERB STATUS
	if [ "$2" -eq 3 ] || [ "$2" -gt 4 ] || grep -q 'Sanitizer\|runtime error:' "$err"; then
		echo "FOUND $f $1 status $2"
		cp "$f" "$dir/found/" && cp "$err" "$dir/found/$(basename "$f").$1.err"
	fi
}
for s in $(seq "$start" $((start + count - 1))); do
	f=$dir/g$s.py
	timeout 20 "$L" check "$f" >/dev/null 2>"$err"; rc=$?
	finding check $rc
	[ $rc = 0 ] || { rm -f "$f"; continue; }
	for p in rr random pct; do
		timeout 30 "$L" run "$f" --policy $p --seed "$s" --max-steps 3000 >/dev/null 2>"$err"
		finding run-$p $?
	done
	timeout 60 "$L" explore "$f" --max-states 5000 --max-steps 400 --timeout 10 \
	    >/dev/null 2>"$err"
	finding explore $?
	timeout 60 "$L" free "$f" --runs 5 --timeout 50 --run-limit 3000 >/dev/null 2>"$err"
	finding free $?
done
