#!/usr/bin/env bash
# .ci/fresh-machine.sh TARBALL - the release tarball on a fresh Debian 12.
#
# A minimal bookworm is made with debootstrap, only the packages the
# README's quick start installs are added, and the tarball (what make
# distcheck produced) is unpacked, configured, built and checked inside it
# as root, the way a user would on a new machine.  The chroot gets /proc,
# /sys, /dev and /dev/pts (the terminal UI tests need ptys); they are
# unmounted and the tree removed on any exit.  Run as root.
set -euo pipefail

tarball=$(realpath "$1")
cd "$(dirname "$0")/.."
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$(mktemp -d /tmp/lockstep-fresh.XXXXXX)
chmod 755 "$root"	# apt downloads as the _apt user
mounts=(proc sys dev dev/pts)

cleanup() {
	local m i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=$root/${mounts[i]}
		mountpoint -q "$m" && umount "$m"
	done
	for m in "${mounts[@]}"; do
		if mountpoint -q "$root/$m"; then
			echo "fresh-machine: $root/$m is still mounted; not removing $root" >&2
			return 1
		fi
	done
	rm -rf --one-file-system "$root"
}
trap cleanup EXIT

# The package list of the README's quick start, so the two cannot drift.
packages=$(sed -n 's/.*apt-get install -y \([^&]*\)&&.*/\1/p' README.md | head -1)
[ -n "$packages" ] || { echo "no apt-get install line in README.md" >&2; exit 1; }
echo "README packages: $packages"

debootstrap --variant=minbase bookworm "$root" "$mirror" > "$root.debootstrap.log" 2>&1 ||
	{ tail -20 "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$tarball" "$root/root/"

chroot "$root" /usr/bin/env -i HOME=/root TERM=xterm PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive /bin/bash -euo pipefail -c "
	apt-get update -q
	apt-get install -y -q $packages > /root/apt.log || { tail -20 /root/apt.log; exit 1; }
	cd /root
	tar xzf $(basename "$tarball")
	cd $(basename "$tarball" .tar.gz)
	./configure > configure.log
	make -j$(nproc 2>/dev/null || echo 2) > make.log
	status=0
	make check || status=\$?
	grep -H '%: Checks:' tests/*.log || true
	[ \$status -eq 0 ] || { cat test-suite.log; exit \$status; }
"
