#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The debug kernel has every option of debug.config; our modules, the
# test-only sample driver and the KUnit suites build warning-free with W=1
# against it; the guest programs build with its uapi (iommufd, the cdev).
# Outputs go to build/debug/ (src/ is a copy of the module sources, so the
# stock build's objects in the tree are never mixed with these).
set -u
. "$(dirname "$0")/lib.sh"
. "$top/tests/lib/tap.sh"

n=0

config=$DEBUG_KIMAGE/boot/config-$DEBUG_KVER
. "$top/tests/lib/kernel-image.sh"
kimage_fragment_diff "$config" "$top/tests/debug-kernel/debug.config" > "$dbg/config.diff"
bad=$?
tap $bad "the debug kernel $DEBUG_KVER has every option of debug.config" "$dbg/config.diff"

# A fresh copy of the module sources, without the stock build's outputs.
. "$top/tests/lib/module-copy.sh"
src=$dbg/src
module_copy "$src" Kbuild drivers include tests/modules tests/kunit tests/unit
make -C "$DEBUG_KDIR" M="$src" VFIO_PROFILE_TESTS=1 VFIO_PROFILE_KUNIT=1 W=1 \
	-j"$(nproc)" modules > "$dbg/modules.log" 2>&1
rc=$?
tap $rc "modules, sample driver and KUnit suites build against the debug kernel" "$dbg/modules.log"
grep -E 'warning:|error:' "$dbg/modules.log" > "$dbg/modules.warnings"
tap $([[ -s $dbg/modules.warnings ]] && echo 1 || echo 0) \
	"... with no warning under W=1" "$dbg/modules.warnings"
kos=$(cd "$src" && ls drivers/vfio/pci/profile/vfio_profile.ko \
	drivers/vfio/pci/virtio/virtio_vfio_profile.ko tests/modules/vfio_profile_sample.ko \
	tests/kunit/*_kunit.ko 2>&1)
echo "$kos" > "$dbg/kos"
tap $([[ $(grep -c '\.ko$' <<<"$kos") -ge 4 ]] && echo 0 || echo 1) \
	"the modules and at least one KUnit suite exist" "$dbg/kos"
vm=$( (cd "$src" && modinfo -F vermagic drivers/vfio/pci/profile/vfio_profile.ko) 2>&1)
tap $([[ $vm == "$DEBUG_KVER "* ]] && echo 0 || echo 1) \
	"their vermagic is the debug kernel's ($vm)"

# The release build (no simulator) for the real-owner VM, as DKMS builds it.
rel=$dbg/release
module_copy "$rel" Kbuild drivers include
make -C "$DEBUG_KDIR" M="$rel" W=1 -j"$(nproc)" modules > "$dbg/release.log" 2>&1
rc=$?
grep -E 'warning:|error:' "$dbg/release.log" >> "$dbg/release.log.warnings"
tap $([[ $rc == 0 && ! -s $dbg/release.log.warnings ]] && echo 0 || echo 1) \
	"the release build (no simulator) builds against the debug kernel, no warning" "$dbg/release.log"
rm -f "$dbg/release.log.warnings"

# The guest programs with the debug kernel's sanitized uapi: vfio-client
# then has the cdev/iommufd path (Debian 12's linux-libc-dev is 6.1).
rm -rf "$dbg/guest"
make -C "$top" --no-print-directory BUILD="$dbg" \
	GUEST_CFLAGS="-static -O2 -std=gnu11 -Wall -Wextra -Werror -I$DEBUG_UAPI" \
	guest-progs > "$dbg/guest.log" 2>&1
tap $? "the guest programs build with the debug kernel's uapi headers" "$dbg/guest.log"
grep -q 'VFIO_DEVICE_BIND_IOMMUFD' "$dbg/guest/vfio-client" 2>/dev/null
tap $? "vfio-client has the iommufd cdev path"
echo "1..$n"
