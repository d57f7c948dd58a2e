#!/bin/sh
# Lint the manual pages: groff must format each without one warning, and
# mandoc's linter (when installed: CI installs it) must find nothing at its
# strictest level.  MAN_PAGES and GROFF come from Makefile.am
# (AM_TESTS_ENVIRONMENT).
if [ -z "$GROFF" ]; then
	echo "groff not found by configure; skipping the man page lint"
	exit 77
fi
status=0
for page in $MAN_PAGES; do
	warnings=$(LC_ALL=C "$GROFF" -ww -z -man "$page" 2>&1)
	if command -v mandoc >/dev/null 2>&1; then
		warnings="$warnings$(mandoc -Tlint -W all "$page" 2>&1)"
	fi
	if [ -n "$warnings" ]; then
		echo "FAIL: $page:"
		printf '%s\n' "$warnings"
		status=1
	else
		echo "ok: $page"
	fi
done
command -v mandoc >/dev/null 2>&1 || echo "note: mandoc not installed; only groff linted"
exit $status
