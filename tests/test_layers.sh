#!/bin/sh
# test_layers.sh - no source file includes a header of a later layer.
# The layers are src/'s directories in the order LAYERS gives (Makefile.am,
# the order of their libraries); a file may include its own directory's
# headers and those of the layers before it.  The link catches a call
# into a layer whose objects no one else pulled in; this catches the
# include itself, and a directory missing from the order.
set -u
: "${LAYERS:?}" "${TESTS_SRCDIR:?}"
src="$TESTS_SRCDIR/../src"
status=0

rank() {	# the position of layer $1 in LAYERS, or nothing
	i=0
	for l in $LAYERS; do
		i=$((i + 1))
		[ "$l" = "$1" ] && { echo "$i"; return; }
	done
}

for dir in "$src"/*/; do
	d=$(basename "$dir")
	[ -n "$(rank "$d")" ] || { echo "FAIL: src/$d is not in LAYERS"; status=1; }
done
for file in "$src"/*/*.c "$src"/*/*.h; do
	d=$(basename "$(dirname "$file")")
	mine=$(rank "$d")
	[ -n "$mine" ] || continue
	grep -n '^#include "[a-z_]*/' "$file" | while IFS= read -r line; do
		to=$(echo "$line" | sed 's|^[0-9]*:#include "\([a-z_]*\)/.*|\1|')
		theirs=$(rank "$to")
		if [ -z "$theirs" ] || [ "$theirs" -gt "$mine" ]; then
			echo "FAIL: src/$d/$(basename "$file"):${line%%:*}: $d includes" \
			    "$to/, a later layer"
			exit 1
		fi
	done || status=1
done
[ "$status" = 0 ] && echo "every include goes to its own or an earlier layer: $LAYERS"
exit "$status"
