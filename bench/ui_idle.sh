#!/bin/sh
# ui_idle.sh - CPU the terminal UI uses while paused, over 10 seconds.
# Runs lockstep on a scenario in a detached tmux session (a real terminal),
# waits for it to draw, then reads its user+system CPU time from /proc
# before and after 10 idle seconds.  Usage: bench/ui_idle.sh [LOCKSTEP]
set -eu
lockstep=${1:-./lockstep}
scenario=$(cd "$(dirname "$0")/../scenarios" && pwd)/dining-philosophers.race
server="lockstep-idle-$$"
command -v tmux >/dev/null || { echo "needs tmux"; exit 1; }
trap 'tmux -L "$server" kill-server 2>/dev/null' EXIT
tmux -L "$server" -f /dev/null new-session -d -x 200 -y 60 \
	"LANG=C.UTF-8 $lockstep $scenario; sleep 60"
sleep 1
pid=$(pgrep -f "$lockstep $scenario" | head -1)
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep 10
after=$(ticks)
echo "idle 10 s at 200x60: $((after - before)) CPU ticks of 1/$hz s" \
	"($(awk "BEGIN { printf \"%.2f\", ($after - $before) * 100 / ($hz * 10) }")% CPU;" \
	"target: under 1%)"
