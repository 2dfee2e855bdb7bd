#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The modules build warning-free with W=1 and clean under sparse (C=1), and
# what a release build produces is what we ship: override-only aliases, the
# test kernel's vermagic, no test module.  Builds in a scratch copy so the
# tree's own objects are untouched.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
eval "$(cat "$top/build/setup.mk")"
n=0
ok() { n=$((n + 1)); if eval "$1"; then echo "ok $n - $2"; else echo "not ok $n - $2"; [[ -n ${3:-} ]] && sed 's/^/#   /' <<<"$3"; fi; }

src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
copy() {
	rm -rf "$src"/*
	(cd "$top" && cp -r --parents Kbuild include drivers tests/modules "$src/")
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' \) -delete
}

copy
make -C "$KDIR" M="$src" W=1 C=1 VFIO_PROFILE_TESTS=1 modules > "$src.log" 2>&1
rc=$?
ok "[[ $rc == 0 ]]" "W=1 C=1 test build succeeds" "$(tail -20 "$src.log")"
ok "grep -q '^  CHECK ' '$src.log'" "sparse ran on our sources"
warnings=$(grep -E 'warning|error|WARNING' "$src.log")
ok "[[ -z \"\$warnings\" ]]" "no compiler, sparse or modpost warnings" "$warnings"

copy
make -C "$KDIR" M="$src" modules > "$src.log" 2>&1
ok "[[ $? == 0 ]]" "release build (no test option) succeeds" "$(tail -20 "$src.log")"
kos=$(cd "$src" && find . -name '*.ko' | sort | tr '\n' ' ')
ok "[[ '$kos' == './drivers/vfio/pci/profile/vfio_profile.ko ./drivers/vfio/pci/virtio/virtio_vfio_profile.ko ' ]]" \
   "a release build holds exactly our two modules" "$kos"
virtio=$src/drivers/vfio/pci/virtio/virtio_vfio_profile.ko
aliases=$(modinfo -F alias "$virtio")
ok "[[ '$aliases' == 'vfio_pci:v00001AF4d00001041sv*sd*bc*sc*i*' ]]" \
   "the only alias is vfio_pci: for 1af4:1041 (override-only, no autoload)" "$aliases"
ok "[[ \$(modinfo -F depends '$virtio') == *vfio_profile* ]]" "virtio_vfio_profile depends on vfio_profile"
ok "[[ \$(modinfo -F vermagic '$virtio') == '$KVER '* ]]" "vermagic matches the test kernel $KVER"
ok "[[ \$(modinfo -F description '$virtio') == *virtio-net* ]]" "the description says virtio-net"
ok "! modinfo -F parm '$virtio' | grep -q sim_owner" "a release build has no simulated-owner parameter"
ok "! nm '$virtio' | grep -qi 'sim_'" "a release build has no simulator code" "$(nm "$virtio" | grep -i sim_ | head)"
ok "nm '$virtio' | grep -q ' U virtio_pci_admin_legacy_common_io_read'" \
   "the admin backend is built in and links against virtio-pci's exports"
ok "! grep -q 'undefined!' '$src.log'" "no unresolved symbols" "$(grep 'undefined!' "$src.log")"
echo "1..$n"
