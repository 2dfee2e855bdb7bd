#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# libvirt in the test VM (L1), on top of mkl1root.sh's additions: Debian 12
# backports' libvirtd and virsh from the extracted root of fetch-libvirt.sh,
# libvirt's QEMU driver module, its CPU map, the shared libraries all of
# them load (the extracted root's first, then the host's), a minimal
# configuration for a daemon without systemd (tests/e2e/l1/libvirt/), and
# the running kernel's modules.alias with ours in it, made by depmod, which
# is where libvirt looks for a VFIO variant driver.  The test itself is
# tests/e2e/l1/libvirt.sh, sourced by l1.sh.
#
#   mkl1libvirt.sh DIR LIBVIRT_ROOT
#
# The kernel is Debian's (build/setup.mk) unless VM_KVER and VM_KIMAGE name
# another, and our modules those of this tree unless VM_MODULES_DIR names
# another build (as for tests/vm/mkinitramfs.sh).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
root=$1
lv=$2
eval "$(cat "$top/build/setup.mk")"
KVER=${VM_KVER:-$KVER}
KIMAGE=${VM_KIMAGE:-$KIMAGE}
ours=${VM_MODULES_DIR:-$top}
multiarch=usr/lib/x86_64-linux-gnu

# copy_lv FILE-IN-LIBVIRT-ROOT: the file at its own path in L1, and every
# shared library it loads, from the extracted root when it is there (to
# the same path without the root's prefix), else from the host.
copy_lv() {
	local f=$1 lib dest
	mkdir -p "$root/$(dirname "$f")"
	cp -L "$lv/$f" "$root/$f"
	for lib in $(LD_LIBRARY_PATH=$lv/$multiarch ldd "$lv/$f" |
		     awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		dest=${lib#"$lv"}
		[[ -e $root$dest ]] && continue
		mkdir -p "$root$(dirname "$dest")"
		cp -L "$lib" "$root$dest"
	done
}
copy_lv usr/sbin/libvirtd
copy_lv usr/bin/virsh
# libvirtd loads its drivers with dlopen; only QEMU's is needed (the
# others are optional and absent).
copy_lv "$multiarch/libvirt/connection-driver/libvirt_driver_qemu.so"
mkdir -p "$root/usr/share/libvirt"
cp -r "$lv/usr/share/libvirt/cpu_map" "$root/usr/share/libvirt/"

mkdir -p "$root/etc/libvirt"
cp "$top"/tests/e2e/l1/libvirt/libvirtd.conf "$top"/tests/e2e/l1/libvirt/qemu.conf "$root/etc/libvirt/"
# The initramfs has no user database.  libvirt resolves its built-in QEMU
# user (Debian's libvirt-qemu) before it reads qemu.conf, which names root.
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
	'libvirt-qemu:x:64055:64055:libvirt qemu:/var/lib/libvirt:/bin/false' > "$root/etc/passwd"
printf '%s\n' 'root:x:0:' 'kvm:x:64054:' 'libvirt-qemu:x:64055:' > "$root/etc/group"

# modules.alias for the L1 kernel: the image's modules and ours (extra/),
# as depmod sees them after "make install"; symbolic links keep it cheap.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib/modules/$KVER/extra"
cp -rs "$KIMAGE/lib/modules/$KVER/kernel" "$tmp/lib/modules/$KVER/"
cp "$KIMAGE/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} "$tmp/lib/modules/$KVER/" 2> /dev/null || true
cp "$ours/drivers/vfio/pci/profile/vfio_profile.ko" \
   "$ours/drivers/vfio/pci/virtio/virtio_vfio_profile.ko" "$tmp/lib/modules/$KVER/extra/"
depmod -b "$tmp" "$KVER"
grep -q ' virtio_vfio_profile$' "$tmp/lib/modules/$KVER/modules.alias" ||
	{ echo "mkl1libvirt: depmod put no alias of virtio_vfio_profile in modules.alias" >&2; exit 1; }
mkdir -p "$root/lib/modules/$KVER"
cp "$tmp/lib/modules/$KVER/modules.alias" "$root/lib/modules/$KVER/"

cp "$top/tests/e2e/l1/libvirt.sh" "$root/e2e/libvirt.sh"
