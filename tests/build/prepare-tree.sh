#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Prepare (or reuse) a kernel tree to build the modules against: Debian's
# linux-source-SERIES, x86_64 defconfig plus the options the modules use,
# olddefconfig, modules_prepare.  tests/build/matrix.t builds against these.
#
#   prepare-tree.sh SERIES    prepare one series (6.12, 7.2, 7.3, ...); prints
#                             KDIR=<tree>, TREE_SERIES=, TREE_VERSION=,
#                             TREE_SUITE= on stdout
#   prepare-tree.sh --list    the series the build matrix tests, one a line:
#                             "SERIES DEBIAN-VERSION SUITE"
#   prepare-tree.sh --sparse  a sparse the newest trees accept; prints
#                             SPARSE=<path> (see below)
#
# Progress goes to stderr (the convention of scripts/setup.sh).  The series
# tested: 6.12 at the stock test kernel's version (build/setup.mk), and the
# newest linux-source-X.Y of unstable and of trixie-backports each, found in
# the package lists: when Debian moves on (7.4 ...) the matrix follows.
#
# The trees are cached in
#   ${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}/
#       tree-<series>-<Debian version>/linux-source-<series>/   (KDIR)
#       tree-<series>-<Debian version>/.complete
# and the package lists are refreshed at most every
# $VFIO_PROFILE_APT_MAX_AGE seconds (default 6 hours): a warm run takes
# seconds.  A failure exits non-zero: never a silently missing tree.
#
# Packages come from the mirrors the host's apt already uses, through a
# private apt configuration (own sources list, lists and cache under the
# cache folder): the host's apt setup is never modified and nothing from a
# foreign suite is installed; packages are downloaded and unpacked into the
# cache.
#
# The trees are only prepared (no vmlinux): modpost's symbol table,
# Module.symvers, is the one Debian ships in linux-headers-<abi>-amd64 of the
# same version, so the undefined-symbol, GPL-only and namespace checks run
# against the exports of the kernel Debian users boot.
#
# Linux 7.x refuses bookworm's sparse 0.6.4 for C=1 (scripts/checker-valid.sh
# wants __typeof_unqual__) and says so in one line without the word
# "warning".  --sparse builds unstable's sparse from its Debian source
# package with the host compiler (the binary package needs a newer libc),
# cached as $cache/sparse-<Debian version>/sparse.
set -euo pipefail

cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}
top=$(cd "$(dirname "$0")/../.." && pwd)
max_age=${VFIO_PROFILE_APT_MAX_AGE:-21600}
jobs=${PREPARE_TREE_JOBS:-2}
# The suites whose newest linux-source series is tested, besides 6.12.
suites=(unstable trixie-backports)
# Bump when the recipe below changes what a tree holds.
recipe=1
# What the modules need on top of defconfig (=m or =y as the option allows).
options=(VFIO=m VFIO_PCI_CORE=m VFIO_PCI=m VIRTIO_PCI=m VIRTIO_PCI_ADMIN_LEGACY=y
	 PCI_IOV=y CONFIGFS_FS=m)

say() { echo "prepare-tree: $*" >&2; }
die() { say "error: $*"; exit 1; }
. "$top/scripts/apt-lib.sh"

[[ $# == 1 ]] || die "usage: prepare-tree.sh SERIES | --list | --sparse"
arg=$1
if [[ $arg != --list && $arg != --sparse && ! $arg =~ ^[0-9]+\.[0-9]+$ ]]; then
	die "SERIES is major.minor, e.g. 7.3 (got '$arg')"
fi


apt_dir=$cache/apt-tree
private_apt_opts "$apt_dir"
apt_opts+=(-o Acquire::Languages=none)

# Write the private sources list and refresh the lists when older than
# $max_age (or when the sources changed).
apt_lists() {
	local uri suri keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	uri=$(host_mirror_uri bookworm)
	[[ -n $uri ]] || die "no bookworm source found in the host's apt configuration"
	suri=$(host_mirror_uri bookworm-security)
	[[ -f $keyring ]] || die "$keyring missing (debian-archive-keyring)"
	{
		for s in "${suites[@]}" bookworm; do
			echo "deb [signed-by=$keyring] $uri $s main"
		done
		echo "deb-src [signed-by=$keyring] $uri unstable main"
		[[ -z $suri ]] || echo "deb [signed-by=$keyring] $suri bookworm-security main"
	} | private_apt_lists "$apt_dir" "$max_age" || {
		say "warning: apt-get update failed"
		return 1
	}
}

# "SERIES VERSION SUITE" for every linux-source-X.Y version in the lists.
all_sources() {
	local p
	apt-cache "${apt_opts[@]}" pkgnames linux-source- 2>/dev/null |
		grep -E '^linux-source-[0-9]+\.[0-9]+$' | sort -u |
	while read -r p; do
		apt-cache "${apt_opts[@]}" madison "$p" 2>/dev/null |
			awk -F'|' -v s="${p#linux-source-}" '{
				gsub(/ /, "", $2); n = split($3, w, " ")
				suite = w[2]; sub(/\/.*/, "", suite)
				print s, $2, suite }'
	done
}

# The newest VERSION among lines "... VERSION ..." on stdin (field 2).
newest() {
	local best= v
	while read -r _ v _; do
		if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then
			best=$v
		fi
	done
	echo "$best"
}

# The Debian version of the stock test kernel (6.12), as build-kernel.sh
# finds it: the cached image package, else the lists.
stock_version() {
	local kver deb
	kver=$(sed -n 's/^KVER=//p' "$top/build/setup.mk" 2>/dev/null || true)
	[[ -n $kver ]] || kver=$(tr -d ' \n' < "$top/scripts/kernel-version")
	deb=$(ls "$cache/debs/linux-image-$kver-unsigned_"*.deb 2>/dev/null | head -n1 || true)
	if [[ -n $deb ]]; then
		dpkg-deb -f "$deb" Version
	else
		apt-cache "${apt_opts[@]}" madison "linux-image-$kver-unsigned" 2>/dev/null |
			awk -F'|' '{ gsub(/ /, "", $2); print "x", $2 }' | newest
	fi
}

# The matrix: "SERIES VERSION SUITE" lines, 6.12 first.
matrix() {
	local all s series v lines=() line seen=" "
	all=$(all_sources)
	[[ -n $all ]] || die "no linux-source-X.Y package in the lists"
	v=$(stock_version)
	[[ -n $v ]] || die "cannot tell the stock 6.12 kernel's Debian version"
	line="6.12 $v $(awk -v v="$v" '$1 == "6.12" && $2 == v { print $3; exit }' <<<"$all")"
	lines+=("${line% }")
	seen+="6.12 "
	for s in "${suites[@]}"; do
		series=$(awk -v s="$s" '$3 == s { print $1 }' <<<"$all" | sort -uV | tail -n1)
		[[ -n $series ]] || die "no linux-source-X.Y in $s"
		[[ $seen == *" $series "* ]] && continue
		seen+="$series "
		v=$(awk -v s="$s" -v x="$series" '$3 == s && $1 == x' <<<"$all" | newest)
		lines+=("$series $v $s")
	done
	printf '%s\n' "${lines[@]}"
}

# Offline fallback: the newest complete tree of SERIES in the cache.
cached_tree() { # SERIES
	local d
	for d in $(ls -d "$cache/tree-$1-"* 2>/dev/null | sort -rV); do
		if [[ -f $d/.complete ]]; then
			echo "$d"
			return
		fi
	done
}

emit() { # DIR SERIES VERSION SUITE
	echo "KDIR=$1/linux-source-$2"
	echo "TREE_SERIES=$2"
	echo "TREE_VERSION=$3"
	echo "TREE_SUITE=$4"
}

build_sparse() {
	local v d
	v=$(apt-cache "${apt_opts[@]}" showsrc sparse 2>/dev/null | sed -n 's/^Version: //p' |
	    awk '{ print "x", $1 }' | newest)
	[[ -n $v ]] || die "no sparse source in unstable"
	d=$cache/sparse-$v
	if [[ ! -f $d/.complete ]]; then
		rm -rf "$d"
		mkdir -p "$d/dl"
		say "building sparse $v"
		(cd "$d/dl" && apt-get "${apt_opts[@]}" source --download-only -q "sparse=$v" >&2) ||
			die "cannot download the sparse $v source"
		dpkg-source --no-check -x "$d"/dl/sparse_"${v#*:}".dsc "$d/src" >/dev/null ||
			die "dpkg-source failed"
		# Debian's patch pins gcc-16; the host compiler does as well.
		nice -n 10 make -C "$d/src" -j"$jobs" CC=gcc sparse >&2 || die "sparse build failed"
		cp "$d/src/sparse" "$d/sparse"
		rm -rf "$d/src" "$d/dl"
		touch "$d/.complete"
	fi
	echo "SPARSE=$d/sparse"
}

# One at a time: make setup and a test run may prepare the same tree.
mkdir -p "$cache"
exec 9> "$cache/.prepare-tree.lock"
flock 9

if ! apt_lists; then
	[[ $arg != --list && $arg != --sparse ]] || die "cannot refresh the package lists"
	d=$(cached_tree "$arg")
	[[ -n $d ]] || die "cannot refresh the package lists and no cached $arg tree"
	say "warning: using the cached $(basename "$d") (the lists could not be refreshed)"
	emit "$d" "$arg" "$(cat "$d/version")" "$(cat "$d/suite")"
	exit 0
fi

if [[ $arg == --list ]]; then
	matrix
	exit 0
fi
if [[ $arg == --sparse ]]; then
	build_sparse
	exit 0
fi

series=$arg
if [[ $series == 6.12 ]]; then
	version=$(stock_version)
	suite=$(all_sources | awk -v v="$version" '$1 == "6.12" && $2 == v { print $3; exit }')
else
	line=$(matrix | awk -v x="$series" '$1 == x')
	if [[ -z $line ]]; then
		# Not in the matrix: the newest version the lists have.
		line=$(all_sources | awk -v x="$series" '$1 == x')
		[[ -n $line ]] || die "no linux-source-$series in unstable, trixie-backports or bookworm"
		version=$(newest <<<"$line")
		line=$(awk -v v="$version" '$2 == v { print; exit }' <<<"$line")
	fi
	read -r _ version suite <<<"$line"
fi
[[ -n $version ]] || die "no version of linux-source-$series"
suite=${suite:-cached}

dir=$cache/tree-$series-$version
src=$dir/linux-source-$series
if [[ -f $dir/.complete && $(cat "$dir/recipe" 2>/dev/null) == "$recipe" ]]; then
	say "reusing $dir"
	emit "$dir" "$series" "$version" "$suite"
	exit 0
fi

start=$(date +%s)
say "preparing linux-source-$series $version ($suite) in $dir"
mkdir -p "$cache/debs"
fetch() { # PACKAGE VERSION: the .deb's path on stdout
	local deb
	deb=$cache/debs/$1_${2//:/%3a}_all.deb
	[[ $1 == linux-headers-* ]] && deb=$cache/debs/$1_${2//:/%3a}_amd64.deb
	if [[ ! -f $deb ]]; then
		say "downloading $1=$2"
		(cd "$cache/debs" && apt-get "${apt_opts[@]}" download -q "$1=$2" >&2) ||
			die "cannot download $1=$2"
	fi
	[[ -f $deb ]] || die "$1=$2 downloaded, but $deb is missing"
	echo "$deb"
}
sdeb=$(fetch "linux-source-$series" "$version")

# Debian's headers package of the same version, for its Module.symvers:
# linux-headers-<upstream version>[+bpo|+deb12|...]-amd64.
hpkg=
for p in $(apt-cache "${apt_opts[@]}" pkgnames "linux-headers-$series." 2>/dev/null |
	   grep -E '^linux-headers-[0-9.]+[^-]*-amd64$' | sort -u); do
	if apt-cache "${apt_opts[@]}" madison "$p" 2>/dev/null |
	   awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$version"; then
		hpkg=$p
		break
	fi
done
[[ -n $hpkg ]] || die "no linux-headers-*-amd64 of version $version (for Module.symvers)"
hdeb=$(fetch "$hpkg" "$version")

rm -rf "$dir"
mkdir -p "$dir"
say "extracting $(basename "$sdeb")"
dpkg-deb --fsys-tarfile "$sdeb" |
	tar -xO "./usr/src/linux-source-$series.tar.xz" | tar -xJ -C "$dir"
[[ -f $src/Makefile ]] || die "no linux-source-$series in $sdeb"

kmake() { nice -n 10 make -C "$src" "$@" >&2; }
say "configuring"
kmake -s x86_64_defconfig
cfg=()
for o in "${options[@]}"; do
	case ${o#*=} in
	m) cfg+=(--module "${o%%=*}") ;;
	y) cfg+=(--enable "${o%%=*}") ;;
	esac
done
"$src/scripts/config" --file "$src/.config" "${cfg[@]}"
kmake -s olddefconfig
bad=
for o in "${options[@]}"; do
	# A tristate wanted as a module may be built in (selected by a =y).
	grep -qxE "CONFIG_${o%%=*}=(${o#*=}|y)" "$src/.config" ||
		bad+=" CONFIG_$o (got '$(grep -E "^(# )?CONFIG_${o%%=*}[= ]" "$src/.config" || echo unset)')"
done
[[ -z $bad ]] || die "the config does not hold:$bad"

say "modules_prepare (-j$jobs)"
kmake -j"$jobs" modules_prepare

say "Module.symvers from $(basename "$hdeb")"
dpkg-deb --fsys-tarfile "$hdeb" | tar -xO --wildcards './usr/src/linux-headers-*/Module.symvers' \
	> "$src/Module.symvers"
[[ -s $src/Module.symvers ]] || die "no Module.symvers in $hdeb"

echo "$version" > "$dir/version"
echo "$suite" > "$dir/suite"
echo "$recipe" > "$dir/recipe"
touch "$dir/.complete"
# Older trees of the series are superseded (a tree is about 1.5 GB).
for d in "$cache/tree-$series-"*; do
	[[ $d == "$dir" ]] || rm -rf "$d"
done
say "prepared linux-source-$series $version in $(($(date +%s) - start)) s"
emit "$dir" "$series" "$version" "$suite"
