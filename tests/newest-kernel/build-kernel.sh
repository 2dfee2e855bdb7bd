#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build (or reuse) the test kernel of the newest-kernel tier: Debian's newest
# linux-source-X.Y, the one tests/build/prepare-tree.sh picks for the build
# matrix (7.3 of trixie-backports today; 7.4 as soon as Debian ships it),
# configured with x86_64 defconfig + kvm_guest.config +
# tests/newest-kernel/newest.config.
#
#   build-kernel.sh
#
# The source is the tree prepare-tree.sh extracted, copied with hard links
# (no space, no second extraction) and cleaned with mrproper, since an O=
# build needs a clean source tree.  The result lives in the cache, outside
# the work tree, keyed by a hash of the config fragment, this recipe's
# version, the series, the source version and the compiler:
#
#   $cache/newest-src-<series>-<version>/linux-source-<series>/  the source
#   $cache/newest-<hash>/build/                O= tree, pruned to what
#                                              external modules need, plus
#                                              usr/include (uapi)
#   $cache/newest-<hash>/image/boot/vmlinuz-<kver>   the kernel
#   $cache/newest-<hash>/image/lib/modules/<kver>/   its modules, modules.dep
#
# A second run finds newest-<hash>/.complete and does nothing but ask
# prepare-tree.sh which series is the newest (seconds; the package lists are
# refreshed at most every 6 hours).  Prints NEWEST_KVER, NEWEST_KIMAGE,
# NEWEST_KDIR, NEWEST_UAPI, NEWEST_SERIES and NEWEST_VERSION on stdout;
# progress goes to stderr.  Runs at nice 10 with NEWEST_KERNEL_JOBS (default
# 2) jobs: it shares the machine with the VM tiers.  Any failure exits
# non-zero: the tier never skips an unbuildable kernel.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/newest-kernel
cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}
jobs=${NEWEST_KERNEL_JOBS:-2}
# Bump when the recipe below changes what gets built.
recipe=1

say() { echo "newest-kernel: $*" >&2; }
die() { say "error: $*"; exit 1; }
. "$top/scripts/apt-lib.sh"
. "$top/tests/lib/kernel-image.sh"
renice -n 10 -p $$ > /dev/null

# The newest series of the build matrix, and its prepared tree.
list=$(bash "$top/tests/build/prepare-tree.sh" --list) || die "prepare-tree.sh --list failed"
series=$(awk '{ print $1 }' <<<"$list" | sort -V | tail -n1)
[[ -n $series ]] || die "prepare-tree.sh --list named no series"
tree=$(bash "$top/tests/build/prepare-tree.sh" "$series") || die "prepare-tree.sh $series failed"
eval "$(grep -E '^(KDIR|TREE_VERSION)=' <<<"$tree")"
[[ -f $KDIR/Makefile && -n $TREE_VERSION ]] || die "prepare-tree.sh $series gave no tree"

key=$( { cat "$here/newest.config"; echo "recipe=$recipe series=$series src=$TREE_VERSION";
	 gcc -dumpfullversion; } | sha256sum | cut -c1-16)
dir=$cache/newest-$key
build=$dir/build
image=$dir/image

emit() {
	echo "NEWEST_KVER=$(cat "$dir/kernelrelease")"
	echo "NEWEST_KIMAGE=$image"
	echo "NEWEST_KDIR=$build"
	echo "NEWEST_UAPI=$build/usr/include"
	echo "NEWEST_SERIES=$series"
	echo "NEWEST_VERSION=$TREE_VERSION"
}

if [[ -f $dir/.complete ]]; then
	say "reusing $dir (linux-source-$series $TREE_VERSION)"
	emit
	exit 0
fi

start=$(date +%s)
say "no cached $series kernel for key $key: building it (about 30 minutes on 2 loaded cores)"
install_missing flex bison libelf-dev libssl-dev bc gcc make perl xz-utils kmod

srcdir=$cache/newest-src-$series-$TREE_VERSION
src=$srcdir/linux-source-$series
if [[ ! -f $srcdir/.complete ]]; then
	say "linking the source of $KDIR"
	rm -rf "$srcdir"
	mkdir -p "$srcdir"
	cp -al "$KDIR" "$src"
	# mrproper only deletes (never rewrites) files, so the hard links
	# leave prepare-tree.sh's tree intact.
	make -C "$src" -s mrproper >&2
	touch "$srcdir/.complete"
fi

rm -rf "$dir"
mkdir -p "$build" "$image"
say "configuring"
kimage_configure "$src" "$build" "$here/newest.config" ||
	die "the newest-kernel config does not hold (see above)"
say "building with -j$jobs"
kver=$(kimage_build "$src" "$build" "$image" "$jobs")
say "pruning $build"
kimage_prune "$src" "$build"
echo "$kver" > "$dir/kernelrelease"
touch "$dir/.complete"
say "built $kver in $(($(date +%s) - start)) s; $(du -sh "$build" | cut -f1) build tree kept"
emit
