#!/bin/sh
# test_python.sh - the CPython differential check of the Python corpus
# (scenarios/python, tests/python): every program run under python3 a few
# dozen times must end only in the outcomes written down for it, and
# every program lockstep accepts must have exactly those outcomes in
# `lockstep explore` (tests/python/diffcheck.py says how).  Then the check
# is shown to fail: on a copy of the corpus with an outcome struck out,
# and with a program that is in neither the checked nor the waiting list.
# Skipped (77) without python3.
set -u
command -v python3 >/dev/null 2>&1 || { echo "python3 not installed: skipped"; exit 77; }
: "${LOCKSTEP:?}" "${TESTS_SRCDIR:?}"

top=$(cd "$TESTS_SRCDIR/.." && pwd)
# the watchdog that tells CPython's deadlocks: not a start or an end
python3 "$top/tests/python/pyrun_test.py" || exit 1
python3 "$top/tests/python/diffcheck.py" --lockstep "$LOCKSTEP" --srcdir "$top" || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scenarios" "$work/tests"
cp -R "$top/scenarios/python" "$work/scenarios/"
cp -R "$top/tests/python" "$work/tests/"
chmod -R u+w "$work"
# hello.py prints hello on every run: write down another line instead
sed -i 's/^hello$/hullo/' "$work/tests/python/valid/hello.outcomes"
python3 "$top/tests/python/diffcheck.py" --lockstep "$LOCKSTEP" --srcdir "$work" \
    --only valid/hello > "$work/out" 2>&1
if ! grep -q "FAIL: tests/python/valid/hello.py: CPython ended .* not written down" \
    "$work/out"; then
	cat "$work/out"
	echo "FAIL: a CPython output missing from the outcomes file went unnoticed"
	exit 1
fi
# a program nobody listed
cp "$top/tests/python/valid/hello.py" "$work/tests/python/valid/unlisted.py"
cp "$top/tests/python/valid/hello.outcomes" "$work/tests/python/valid/unlisted.outcomes"
python3 "$top/tests/python/diffcheck.py" --lockstep "$LOCKSTEP" --srcdir "$work" \
    --only unlisted > "$work/out" 2>&1
if "$LOCKSTEP" check "$work/tests/python/valid/unlisted.py" >/dev/null 2>&1; then
	grep -q "checked against lockstep" "$work/out" || { cat "$work/out"; exit 1; }
elif ! grep -q "FAIL: tests/python/valid/unlisted.py: lockstep does not accept it" "$work/out"; then
	cat "$work/out"
	echo "FAIL: a program in neither list went unnoticed"
	exit 1
fi
echo "PASS: CPython's outputs are the written-down ones; a missing one and an unlisted program fail"
