#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The newest kernel is the newest series the build matrix tests (Debian's
# newest linux-source-X.Y, tests/build/prepare-tree.sh), built by a compiler
# that series accepts, with every option of newest.config; our modules build
# against it warning-free with W=1: the test build (simulated owner, sample
# driver) for the VM suite, the release build (as DKMS builds it) for the
# real-owner tier.  Outputs go to build/newest/ (src/, release/: copies of
# the module sources, so the stock build's objects are never mixed in).
set -u
. "$(dirname "$0")/lib.sh"
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/kernel-image.sh"
. "$top/tests/lib/module-copy.sh"

n=0

echo "# newest kernel: $NEWEST_KVER, linux-source-$NEWEST_SERIES $NEWEST_VERSION"
bash "$top/tests/build/prepare-tree.sh" --list > "$nw/list" 2> "$nw/list.log"
newest=$(awk '{ print $1 }' "$nw/list" | sort -V | tail -n1)
tap $([[ -n $newest && $newest == "$NEWEST_SERIES" ]] && echo 0 || echo 1) \
	"it is the newest series of the build matrix ($newest)" "$nw/list.log"

# changes.rst's minimum, as the kernel's own check reads it.
src=$NEWEST_KDIR/source
want=$(ARCH=x86_64 SRCARCH=x86 sh "$src/scripts/min-tool-version.sh" gcc 2>&1)
have=$(gcc -dumpfullversion)
tap $([[ -n $want && $(printf '%s\n' "$want" "$have" | sort -V | head -n1) == "$want" ]] &&
      echo 0 || echo 1) "gcc $have meets Linux $NEWEST_SERIES's minimum ($want)"

config=$NEWEST_KIMAGE/boot/config-$NEWEST_KVER
kimage_fragment_diff "$config" "$top/tests/newest-kernel/newest.config" > "$nw/config.diff"
tap $? "$NEWEST_KVER has every option of newest.config" "$nw/config.diff"

# build NAME DIR MAKE-VARS...: W=1, no warning, vermagic of the newest kernel
build() {
	local name=$1 dir=$2 rc vm
	shift 2
	make -C "$NEWEST_KDIR" M="$dir" W=1 -j2 "$@" modules > "$nw/$name.log" 2>&1
	rc=$?
	grep -E 'warning:|error:' "$nw/$name.log" > "$nw/$name.warnings"
	tap $([[ $rc == 0 && ! -s $nw/$name.warnings ]] && echo 0 || echo 1) \
		"the $name build builds against $NEWEST_KVER with W=1, no warning" "$nw/$name.log"
	vm=$( (cd "$dir" && modinfo -F vermagic drivers/vfio/pci/virtio/virtio_vfio_profile.ko) 2>&1)
	tap $([[ $vm == "$NEWEST_KVER "* ]] && echo 0 || echo 1) \
		"... its vermagic is the newest kernel's ($vm)"
}
module_copy "$nw/src" Kbuild drivers include tests/modules
build test "$nw/src" VFIO_PROFILE_TESTS=1
[[ -f $nw/src/tests/modules/vfio_profile_sample.ko ]]
tap $? "the test build has the sample driver"
module_copy "$nw/release" Kbuild drivers include
build release "$nw/release" VFIO_PROFILE_TESTS= VFIO_PROFILE_KUNIT=
! modinfo -F parm "$nw/release/drivers/vfio/pci/virtio/virtio_vfio_profile.ko" | grep -q sim_owner
tap $? "the release build has no simulated owner"
echo "1..$n"
