#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the project needs on a Debian 12 machine and fetch the Debian
# 6.12 kernel the test VM boots and the modules build against.
#
# The kernel packages are downloaded and extracted into a cache folder, never
# installed: installing linux-headers pulls in the image, systemd and
# initramfs-tools and changes the host.  A second run with everything cached
# does no network work.
#
# Prints the variables the Makefile needs (KVER=..., CACHE=...) on stdout;
# progress goes to stderr.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}
pin=$(tr -d ' \n' < "$top/scripts/kernel-version")

say() { echo "setup: $*" >&2; }
. "$top/scripts/apt-lib.sh"

# Host packages, installed only when missing so that a cached run stays offline.
packages=(gcc make libc6-dev libelf1 pahole xz-utils cpio zstd bc kmod perl
	  sparse qemu-system-x86 libsmartcols-dev pkg-config clang
	  libclang-rt-14-dev llvm jq groff-base util-linux udev
	  dkms dh-dkms debhelper lintian fakeroot openssl systemd man-db)
install_missing "${packages[@]}"

mkdir -p "$cache/debs"

# Choose the kernel: the pinned one if the mirror (or the cache) has it, else
# the newest one linux-headers-6.12-amd64 points at.  Image and headers always
# come from the same version so that vermagic and modversions match.
kver=$pin
if [[ ! -f $cache/$kver/.complete ]]; then
	apt_update
	# Capture first: grep -q would close the pipe early and pipefail
	# would turn apt-cache's SIGPIPE into a false "not available".
	policy=$(apt-cache policy "linux-image-$kver-unsigned" "linux-headers-$kver" 2>/dev/null || true)
	if [[ $(grep -c 'Candidate: [0-9]' <<<"$policy") != 2 ]]; then
		depends=$(apt-cache depends linux-headers-6.12-amd64 2>/dev/null || true)
		new=$(sed -n 's/.*Depends: linux-headers-\(6\.12\.[^ ]*-amd64\)$/\1/p' <<<"$depends" | head -n1)
		[[ -n $new ]] || { say "error: neither $kver nor linux-headers-6.12-amd64 is available"; exit 1; }
		say "warning: the pinned kernel $kver is no longer on the mirror; using $new instead"
		say "warning: update scripts/kernel-version to $new"
		kver=$new
	fi
fi

fetch() { # package-name -> path of the cached .deb
	local name=$1 deb
	deb=$(ls "$cache/debs/${name}"_*.deb 2>/dev/null | head -n1 || true)
	if [[ -z $deb ]]; then
		apt_update
		say "downloading $name"
		(cd "$cache/debs" && apt-get download -q -o APT::Sandbox::User=root "$name" >&2)
		deb=$(ls "$cache/debs/${name}"_*.deb | head -n1)
	fi
	echo "$deb"
}

kdir=$cache/$kver
if [[ ! -f $kdir/.complete ]]; then
	abi=${kver%-amd64}
	rm -rf "$kdir"
	mkdir -p "$kdir/image" "$kdir/headers"
	dpkg -x "$(fetch "linux-image-$kver-unsigned")" "$kdir/image"
	for p in "linux-headers-$kver" "linux-headers-$abi-common" "linux-kbuild-$abi"; do
		dpkg -x "$(fetch "$p")" "$kdir/headers"
	done
	# The headers' Makefile includes the common headers by absolute path.
	sed -i "s|^include /usr/src/|include $kdir/headers/usr/src/|" \
		"$kdir/headers/usr/src/linux-headers-$kver/Makefile"
	# The image package ships no modules.dep (its postinst makes one).
	depmod -b "$kdir/image" "$kver"
	touch "$kdir/.complete"
fi

# busybox-static conflicts with busybox: extract it, never install it.
bb=$cache/busybox-static
if [[ ! -x $bb/bin/busybox ]]; then
	rm -rf "$bb"
	mkdir -p "$bb"
	dpkg -x "$(fetch busybox-static)" "$bb"
fi

echo "KVER=$kver"
echo "CACHE=$cache"
echo "KDIR=$kdir/headers/usr/src/linux-headers-$kver"
echo "KIMAGE=$kdir/image"
echo "BUSYBOX=$bb/bin/busybox"
