#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The nested guest's (L2's) initramfs: busybox-static, virtio_net and its
# dependencies from the Debian image (decompressed: busybox insmod cannot),
# and tests/e2e/l2/init.  virtio_pci itself is built into Debian's kernel.
#
#   mkl2initramfs.sh OUTPUT.cpio.gz
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
eval "$(cat "$top/build/setup.mk")"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"/{bin,dev,etc,lib/modules,proc,sys,tmp}
cp "$BUSYBOX" "$staging/bin/busybox"
while read -r verb path _; do
	[[ $verb == insmod ]] || continue
	name=$(basename "${path%.xz}" .ko)
	case $path in
	*.xz) xz -dc "$path" > "$staging/lib/modules/$name.ko" ;;
	*) cp "$path" "$staging/lib/modules/$name.ko" ;;
	esac
	echo "$name" >> "$staging/etc/modules.order"
done < <(modprobe -d "$KIMAGE" -S "$KVER" --show-depends virtio_net)
cp "$top/tests/e2e/l2/init" "$staging/init"
chmod +x "$staging/init"

(cd "$staging" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9) > "$out.tmp"
mv "$out.tmp" "$out"
