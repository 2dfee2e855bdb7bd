#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the test VM's initramfs: busybox-static, the Debian image's modules
# the tests need (decompressed, in dependency order), our modules, the static
# guest programs and the guest test scripts.
#
#   mkinitramfs.sh OUTPUT.cpio.gz
#
# Reads KVER, KIMAGE and BUSYBOX from build/setup.mk (written by make setup).
# Another kernel (the debug tier's) is chosen with VM_KVER and VM_KIMAGE: an
# image folder with boot/vmlinuz-$VM_KVER and lib/modules/$VM_KVER (modules
# .ko or .ko.xz, with modules.dep); VM_MODULES_DIR names the folder of our
# modules built against it (default: the tree's own build).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
eval "$(cat "$top/build/setup.mk")"
KVER=${VM_KVER:-$KVER}
KIMAGE=${VM_KIMAGE:-$KIMAGE}
ours=${VM_MODULES_DIR:-$top}

# Stock modules, with their dependencies; vfio_iommu_type1 is only a soft
# dependency of vfio, so it is named explicitly.
stock_modules=(vfio-pci vfio_iommu_type1 configfs)

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"/{bin,dev,etc,lib/modules,proc,sys,tmp,run,tests}

cp "$BUSYBOX" "$staging/bin/busybox"

declare -A seen=()
for m in "${stock_modules[@]}"; do
	while read -r verb path _; do
		[[ $verb == insmod ]] || continue
		[[ -n ${seen[$path]:-} ]] && continue
		seen[$path]=1
		name=$(basename "${path%.xz}" .ko)
		# busybox insmod cannot decompress.
		case $path in
		*.xz) xz -dc "$path" > "$staging/lib/modules/$name.ko" ;;
		*) cp "$path" "$staging/lib/modules/$name.ko" ;;
		esac
		echo "$name" >> "$staging/etc/modules.order"
	done < <(modprobe -d "$KIMAGE" -S "$KVER" --show-depends "$m")
done

# Ours are loaded by the tests themselves, so that loading is tested too.
mkdir -p "$staging/lib/modules/extra"
cp "$ours/drivers/vfio/pci/profile/vfio_profile.ko" \
   "$ours/drivers/vfio/pci/virtio/virtio_vfio_profile.ko" \
   "$ours/tests/modules/vfio_profile_sample.ko" "$staging/lib/modules/extra/"

cp "$top"/build/guest/* "$staging/bin/"
cp "$top/tests/vm/guest/init" "$staging/init"
cp "$top"/tests/vm/guest/*.sh "$staging/tests/"
cp -r "$top/tests/vm/guest/tests" "$staging/tests/"
chmod +x "$staging/init" "$staging"/tests/*.sh "$staging"/tests/tests/*.sh

(cd "$staging" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
