#!/bin/sh
# Run one libcheck suite for the test harness: all its output goes to the
# test's .log; its summary line ("100%: Checks: ...") also goes to fd 9,
# which Makefile.am points at the terminal.
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if { true >&9; } 2>/dev/null; then
	printf '%s\n' "$output" | grep '%: Checks:' | sed "s|^|${1##*/}: |" >&9
fi
exit $status
