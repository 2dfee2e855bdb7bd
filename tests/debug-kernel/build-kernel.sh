#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build (or reuse) the debug kernel of the debug-kernel tier: Debian's
# linux-source-6.12 of the same version as the stock test kernel, configured
# with x86_64 defconfig + kvm_guest.config + tests/debug-kernel/debug.config.
#
#   build-kernel.sh [STOCK-KVER]
#
# STOCK-KVER is the stock kernel setup.sh chose (KVER of build/setup.mk); the
# source package is the one of the same Debian version.  The result lives in
# the cache, outside the work tree, keyed by a hash of the config fragment,
# this recipe's version, the source version and the compiler:
#
#   $cache/debug-src-<srcver>/linux-source-6.12/   the extracted source
#   $cache/debug-<hash>/build/                     O= tree, pruned to what
#                                                  external modules need,
#                                                  plus usr/include (uapi)
#   $cache/debug-<hash>/image/boot/vmlinuz-<kver>  the kernel
#   $cache/debug-<hash>/image/lib/modules/<kver>/  its modules, modules.dep
#
# A second run finds debug-<hash>/.complete and does nothing.  Prints
# DEBUG_KVER, DEBUG_KIMAGE, DEBUG_KDIR and DEBUG_UAPI on stdout; progress goes to
# stderr.  Any failure exits non-zero: the tier never skips an unbuildable
# kernel.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/debug-kernel
cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}
jobs=${DEBUG_KERNEL_JOBS:-$(($(nproc) > 3 ? 3 : $(nproc)))}
# Bump when the recipe below changes what gets built.
recipe=1

say() { echo "build-kernel: $*" >&2; }
. "$top/scripts/apt-lib.sh"
. "$top/tests/lib/kernel-image.sh"
die() { say "error: $*"; exit 1; }

stock_kver=${1:-$(sed -n 's/^KVER=//p' "$top/build/setup.mk" 2>/dev/null || true)}
[[ -n $stock_kver ]] || stock_kver=$(tr -d ' \n' < "$top/scripts/kernel-version")


# The Debian version of the stock kernel (e.g. 6.12.117-1~deb12u1): from the
# image package setup.sh cached, else from apt.
srcver=
deb=$(ls "$cache/debs/linux-image-$stock_kver-unsigned_"*.deb 2>/dev/null | head -n1 || true)
if [[ -n $deb ]]; then
	srcver=$(dpkg-deb -f "$deb" Version)
else
	apt_update
	srcver=$(apt-cache policy "linux-image-$stock_kver-unsigned" 2>/dev/null |
		 sed -n 's/^ *Candidate: \([0-9].*\)/\1/p')
fi
[[ -n $srcver ]] || die "cannot tell the Debian version of $stock_kver"

key=$( { cat "$here/debug.config"; echo "recipe=$recipe src=$srcver";
	 gcc -dumpfullversion; } | sha256sum | cut -c1-16)
dir=$cache/debug-$key
build=$dir/build
image=$dir/image

emit() {
	local kver
	kver=$(cat "$dir/kernelrelease")
	echo "DEBUG_KVER=$kver"
	echo "DEBUG_KIMAGE=$image"
	echo "DEBUG_KDIR=$build"
	echo "DEBUG_UAPI=$build/usr/include"
}

if [[ -f $dir/.complete ]]; then
	say "reusing $dir"
	emit
	exit 0
fi

start=$(date +%s)
say "no cached debug kernel for key $key: building it (about 12 minutes on 2 cores)"

# Build tools beyond setup.sh's.
packages=(flex bison libelf-dev libssl-dev bc gcc make perl xz-utils kmod)
install_missing "${packages[@]}"

# The source, of exactly the stock kernel's version if the mirror has it.
srcdir=$cache/debug-src-$srcver
src=$srcdir/linux-source-6.12
if [[ ! -f $srcdir/.complete ]]; then
	mkdir -p "$cache/debs"
	sdeb=$(ls "$cache/debs/linux-source-6.12_${srcver//:/%3a}_all.deb" 2>/dev/null || true)
	if [[ -z $sdeb ]]; then
		apt_update
		say "downloading linux-source-6.12=$srcver"
		(cd "$cache/debs" &&
		 apt-get download -q -o APT::Sandbox::User=root "linux-source-6.12=$srcver" >&2) ||
			die "linux-source-6.12=$srcver is not on the mirror (stock kernel $stock_kver);" \
			    "update scripts/kernel-version"
		sdeb=$(ls "$cache/debs/linux-source-6.12_"*"_all.deb" | grep -F "${srcver//:/%3a}" | head -n1)
	fi
	say "extracting $(basename "$sdeb")"
	rm -rf "$srcdir"
	mkdir -p "$srcdir"
	dpkg-deb --fsys-tarfile "$sdeb" |
		tar -xO ./usr/src/linux-source-6.12.tar.xz | tar -xJ -C "$srcdir"
	[[ -f $src/Makefile ]] || die "no linux-source-6.12 in $sdeb"
	touch "$srcdir/.complete"
fi

rm -rf "$dir"
mkdir -p "$build" "$image"
say "configuring"
kimage_configure "$src" "$build" "$here/debug.config" ||
	die "the debug config does not hold (see above)"
say "building with -j$jobs"
kver=$(kimage_build "$src" "$build" "$image" "$jobs")
say "pruning $build"
kimage_prune "$src" "$build"
echo "$kver" > "$dir/kernelrelease"
touch "$dir/.complete"
say "built $kver in $(($(date +%s) - start)) s; $(du -sh "$build" | cut -f1) build tree kept"
emit
