#!/bin/sh
# Lint the manual pages: groff must format each without one warning.
# MAN_PAGES and GROFF come from Makefile.am (AM_TESTS_ENVIRONMENT).
if [ -z "$GROFF" ]; then
	echo "groff not found by configure; skipping the man page lint"
	exit 77
fi
status=0
for page in $MAN_PAGES; do
	warnings=$(LC_ALL=C "$GROFF" -ww -z -man "$page" 2>&1)
	if [ -n "$warnings" ]; then
		echo "FAIL: $page:"
		printf '%s\n' "$warnings"
		status=1
	else
		echo "ok: $page"
	fi
done
exit $status
