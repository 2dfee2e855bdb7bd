#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What the test VM (L1) needs on top of its usual initramfs to run a nested
# guest: Debian's QEMU (qemu-system-x86, installed on the host by
# scripts/setup.sh) with its shared libraries, its TCG module and the
# firmware it loads; the KVM modules of the Debian image; vfio-profilectl
# with its libraries; the L2 kernel (the same Debian vmlinuz) and the L2
# initramfs; and the L1 test script.  Everything comes from Debian packages
# or from this tree.
#
#   mkl1root.sh DIR     (re)creates DIR; tests/vm/mkinitramfs.sh copies it
#                       into the image when VM_EXTRA_DIR=DIR
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
root=$1
eval "$(cat "$top/build/setup.mk")"

qemu=/usr/bin/qemu-system-x86_64
tcg=/usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so
ctl=$top/tools/vfio-profilectl/vfio-profilectl
for f in "$qemu" "$tcg" "$ctl"; do
	[[ -x $f || -f $f ]] || { echo "mkl1root: missing $f" >&2; exit 1; }
done

rm -rf "$root"
mkdir -p "$root"/{e2e/l2,e2e/modules,usr/bin,usr/sbin}

# copy FILE [DEST]: FILE and every shared library it loads, at their own
# paths (ld.so searches the Debian multiarch directories by default).
copy_with_libs() {
	local dest=${2:-$1} lib
	mkdir -p "$root$(dirname "$dest")"
	cp -L "$1" "$root$dest"
	for lib in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[[ -e $root$lib ]] || cp --parents -L "$lib" "$root"
	done
}
copy_with_libs "$qemu"
# Debian builds TCG as a module: without it, "could not load module for
# type 'tcg-accel-ops'" (the L2 fallback when L1 has no usable KVM).
copy_with_libs "$tcg"
copy_with_libs "$ctl" /usr/sbin/vfio-profilectl

# Firmware for -M pc with -kernel (QEMU's search path: /usr/share/qemu,
# /usr/share/seabios); the Debian files are partly symlinks.
for f in /usr/share/seabios/bios-256k.bin /usr/share/qemu/kvmvapic.bin \
	 /usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/linuxboot.bin; do
	mkdir -p "$root$(dirname "$f")"
	cp -L "$f" "$root$f"
done

# KVM for L2: kvm_amd (L0's TCG -cpu max offers SVM) or kvm_intel, with
# their dependencies, decompressed, in load order.
declare -A seen=()
for m in kvm_amd kvm_intel; do
	while read -r verb path _; do
		[[ $verb == insmod ]] || continue
		name=$(basename "${path%.xz}" .ko)
		echo "$name" >> "$root/e2e/modules/order.$m"
		[[ -z ${seen[$path]:-} ]] || continue
		seen[$path]=1
		case $path in
		*.xz) xz -dc "$path" > "$root/e2e/modules/$name.ko" ;;
		*) cp "$path" "$root/e2e/modules/$name.ko" ;;
		esac
	done < <(modprobe -d "$KIMAGE" -S "$KVER" --show-depends "$m")
done

cp "$KIMAGE/boot/vmlinuz-$KVER" "$root/e2e/l2/vmlinuz"
bash "$top/tests/e2e/mkl2initramfs.sh" "$root/e2e/l2/initrd.gz"
cp "$top/tests/e2e/l1/l1.sh" "$root/e2e/l1.sh"
