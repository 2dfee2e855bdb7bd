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
# modules built against it (default: the tree's own build), VM_GUEST_DIR the
# folder of the static guest programs (default: build/guest).  KUnit suites
# found in $VM_MODULES_DIR/tests/kunit/ go to /lib/modules/kunit/.
# VM_RELEASE_DIR names a release build of ours (make release-modules:
# build/release), put in /lib/modules/release/ for the real-owner tier.
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

# Loaded on demand (listed in /etc/modules.net): virtio_net, which the
# real-owner tier needs on its PFs (virtio-pci enables SR-IOV only once a
# virtio driver set DRIVER_OK) and the other tiers must not have.
net_modules=(virtio_net)

declare -A seen=()
add_modules() { # add_modules LIST-FILE MODULE...
	local list=$1 m verb path name
	shift
	for m in "$@"; do
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
			echo "$name" >> "$staging/etc/$list"
		done < <(modprobe -d "$KIMAGE" -S "$KVER" --show-depends "$m")
	done
}
add_modules modules.order "${stock_modules[@]}"
add_modules modules.net "${net_modules[@]}"
touch "$staging/etc/modules.net"

# Ours are loaded by the tests themselves, so that loading is tested too.
mkdir -p "$staging/lib/modules/extra"
cp "$ours/drivers/vfio/pci/profile/vfio_profile.ko" \
   "$ours/drivers/vfio/pci/virtio/virtio_vfio_profile.ko" \
   "$ours/tests/modules/vfio_profile_sample.ko" "$staging/lib/modules/extra/"

if [[ -n ${VM_RELEASE_DIR:-} ]]; then
	mkdir -p "$staging/lib/modules/release"
	cp "$VM_RELEASE_DIR/drivers/vfio/pci/profile/vfio_profile.ko" \
	   "$VM_RELEASE_DIR/drivers/vfio/pci/virtio/virtio_vfio_profile.ko" \
	   "$staging/lib/modules/release/"
fi

cp "${VM_GUEST_DIR:-$top/build/guest}"/* "$staging/bin/"
if compgen -G "$ours/tests/kunit/*.ko" > /dev/null; then
	mkdir -p "$staging/lib/modules/kunit"
	cp "$ours"/tests/kunit/*.ko "$staging/lib/modules/kunit/"
fi
cp "$top/tests/vm/guest/init" "$staging/init"
cp "$top"/tests/vm/guest/*.sh "$staging/tests/"
cp -r "$top/tests/vm/guest/tests" "$top/tests/vm/guest/owner" "$staging/tests/"
chmod +x "$staging/init" "$staging"/tests/*.sh "$staging"/tests/tests/*.sh "$staging"/tests/owner/*.sh

# Userspace for the persistence tests: the controller where the udev rules
# expect it, Debian's systemd-udevd (udevadm under that name runs the
# daemon), their shared libraries, and our rules.
copy_with_libs() { # copy_with_libs SOURCE DESTINATION-IN-STAGING
	local lib
	mkdir -p "$staging$(dirname "$2")"
	cp "$1" "$staging$2"
	for lib in $(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[[ -e $staging$lib ]] || cp --parents -L "$lib" "$staging"
	done
}
copy_with_libs "$top/tools/vfio-profilectl/vfio-profilectl" /usr/sbin/vfio-profilectl
copy_with_libs /bin/udevadm /bin/udevadm
mkdir -p "$staging/lib/systemd" "$staging/etc/udev/rules.d"
ln -sf /bin/udevadm "$staging/lib/systemd/systemd-udevd"
cp "$top"/udev-rules/*.rules "$staging/etc/udev/rules.d/"

# VM_EXTRA_DIR: a folder copied over the image last (tests/e2e/: QEMU and a
# nested guest for the end-to-end scenario).
if [[ -n ${VM_EXTRA_DIR:-} ]]; then
	cp -a "$VM_EXTRA_DIR"/. "$staging"/
fi

(cd "$staging" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
