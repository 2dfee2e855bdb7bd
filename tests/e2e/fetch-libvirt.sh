#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# libvirt for the nested end-to-end test: Debian 12's backport (11.3, the
# first Debian 12 libvirt that picks a VFIO variant driver from
# modules.alias; bookworm itself has 9.0), downloaded through the host's
# mirror with a private apt configuration and extracted into the cache,
# never installed.  Shared libraries the host lacks come from bookworm the
# same way, so that every binary resolves against the extracted root plus
# the host's own libraries (tests/e2e/mkl1libvirt.sh copies both into L1).
#
#   fetch-libvirt.sh
#
# Prints "LIBVIRT_ROOT=<dir>" and "LIBVIRT_VERSION=<version>" on stdout,
# progress on stderr.  The root is cached in
#   ${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}/
#       libvirt-<Debian version>/root
# and a run with a warm cache does no network work (the lists are refreshed
# once a day at most, to learn of a newer backport).
#
# Debian packages no modular daemon (virtqemud): the test runs the
# monolithic libvirtd with only the QEMU driver module present.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}
# 11.3 is what this was written against; an older backport must still know
# VFIO variant drivers (10.0 and later).
pin=11.3.0-2~bpo12+1
min=10.0
max_age=86400
packages=(libvirt0 libvirt-common libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu)
multiarch=usr/lib/x86_64-linux-gnu

say() { echo "fetch-libvirt: $*" >&2; }
die() { say "error: $*"; exit 1; }
. "$top/scripts/apt-lib.sh"

emit() { # emit ROOT VERSION
	echo "LIBVIRT_ROOT=$1"
	echo "LIBVIRT_VERSION=$2"
}

apt_dir=$cache/apt-libvirt
private_apt_opts "$apt_dir"
apt_opts+=(-o Acquire::Languages=none)

# The private lists: bookworm-backports for libvirt, bookworm for the
# libraries the host lacks.  Refreshed when older than $max_age.
apt_lists() {
	local uri keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	uri=$(host_mirror_uri bookworm)
	[[ -n $uri ]] || die "no bookworm source found in the host's apt configuration"
	[[ -f $keyring ]] || die "$keyring missing (debian-archive-keyring)"
	private_apt_lists "$apt_dir" "$max_age" <<-EOF
	deb [signed-by=$keyring] $uri bookworm-backports main
	deb [signed-by=$keyring] $uri bookworm main
	EOF
}

# The newest complete cached root, if any (used when the mirror is out of
# reach).
cached_root() {
	local d best='' v bestv=''
	for d in "$cache"/libvirt-*/; do
		[[ -f $d/.complete ]] || continue
		v=$(cat "$d/.complete")
		if [[ -z $bestv ]] || dpkg --compare-versions "$v" gt "$bestv"; then
			best=${d%/} bestv=$v
		fi
	done
	[[ -n $best ]] && emit "$best/root" "$bestv"
}

if ! apt_lists; then
	say "warning: apt-get update failed; using the cache"
	cached_root || die "no libvirt in the cache and the mirror is out of reach"
	exit 0
fi

version=$(apt-cache "${apt_opts[@]}" madison libvirt-daemon-driver-qemu 2>/dev/null |
	  awk -F'|' '$3 ~ /bookworm-backports/ { gsub(/ /, "", $2); print $2; exit }')
[[ -n $version ]] || die "no libvirt in bookworm-backports on the host's mirror"
dpkg --compare-versions "$version" ge "$min" ||
	die "bookworm-backports has libvirt $version; the test needs $min or later (VFIO variant drivers)"
[[ $version == "$pin" ]] || say "note: libvirt $pin is not on the mirror; using $version"

dir=$cache/libvirt-$version
if [[ -f $dir/.complete ]]; then
	emit "$dir/root" "$version"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/deb" "$dir/root"

say "downloading libvirt $version (bookworm-backports)"
(cd "$dir/deb" && apt-get "${apt_opts[@]}" download -q "${packages[@]/%/=$version}") >&2 ||
	die "cannot download libvirt $version"

# The library packages (lib*, but not libvirt's own: only those above are
# needed) that the downloaded packages depend on and the host lacks, from
# bookworm, until nothing is missing.  Alternatives take their first member;
# versions are bookworm's.
declare -A have=()
for f in "$dir"/deb/*.deb; do
	have[$(dpkg-deb -f "$f" Package)]=1
done
while :; do
	missing=()
	for p in $(for f in "$dir"/deb/*.deb; do dpkg-deb -f "$f" Depends; done |
		   tr ',' '\n' | sed 's/|.*//; s/(.*//; s/[[:space:]]//g' | sort -u); do
		[[ $p == lib* && $p != libvirt* && -z ${have[$p]:-} ]] || continue
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && continue
		missing+=("$p")
		have[$p]=1
	done
	((${#missing[@]})) || break
	say "downloading from bookworm what the host lacks: ${missing[*]}"
	(cd "$dir/deb" && apt-get "${apt_opts[@]}" download -q "${missing[@]/%//bookworm}") >&2 ||
		die "cannot download ${missing[*]} from bookworm"
done

for f in "$dir"/deb/*.deb; do
	dpkg-deb -x "$f" "$dir/root"
done

# Every binary and driver module must resolve (extracted root first).
unresolved=$(for b in usr/sbin/libvirtd usr/bin/virsh "$multiarch"/libvirt/connection-driver/libvirt_driver_qemu.so; do
	[[ -e $dir/root/$b ]] || { echo "$b: missing"; continue; }
	LD_LIBRARY_PATH=$dir/root/$multiarch ldd "$dir/root/$b" | sed -n "s|^[[:space:]]*\(.*not found\)|$b: \1|p"
done)
[[ -z $unresolved ]] || die "unresolved after extraction: $unresolved"

echo "$version" > "$dir/.complete"
emit "$dir/root" "$version"
