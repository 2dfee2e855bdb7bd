#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the test QEMU: Debian's qemu source package with the patches in
# tests/qemu/patches/ (virtio admin virtqueue with the SR-IOV legacy access
# commands on virtio-net-pci PFs), x86_64-softmmu only.
#
#   build-qemu.sh
#
# Prints on stdout
#   QEMU=<path of qemu-system-x86_64>
#   QEMU_FIRMWARE=<firmware folders for -L, colon separated>
# and progress on stderr (the convention of scripts/setup.sh).
#
# The result is cached in
#   ${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}/
#       qemu-<Debian version>-<short sha256 of the patches>/
# and a run with a warm cache does no network or build work.
#
# The source comes through the mirror the host's apt already uses, with a
# private apt configuration (own sources list, lists and cache under the
# cache folder): the host's apt setup is never modified.  The +ds source
# lacks QEMU's bundled meson, so bookworm-backports' meson (pure Python) is
# extracted into the cache, never installed.  Build dependencies are
# installed on the host from its own (bookworm) sources when missing.  The
# binary is built without firmware blobs: QEMU_FIRMWARE names the host's
# (qemu-system-x86 and seabios packages).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${VFIO_PROFILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-profile}
# The version the patches are made for; if the mirror no longer has it, the
# newest version >= $min is tried (the patches must still apply).
pin=1:10.2.2+ds-1
min=1:10.1
firmware=/usr/share/qemu:/usr/share/seabios
python=/usr/bin/python3

say() { echo "build-qemu: $*" >&2; }
. "$here/../../scripts/apt-lib.sh"
die() { echo "build-qemu: error: $*" >&2; exit 1; }

shopt -s nullglob
patches=("$here"/patches/0*.patch)
shopt -u nullglob
((${#patches[@]})) || die "no patches in $here/patches"
psha=$(cat "${patches[@]}" | sha256sum | cut -c1-12)

emit() { # emit DIR
	echo "QEMU=$1/bin/qemu-system-x86_64"
	echo "QEMU_FIRMWARE=$firmware"
}

firmware_ok() {
	local d
	for d in ${firmware//:/ }; do
		[[ -d $d ]] || return 1
	done
	[[ -f /usr/share/seabios/bios-256k.bin && -f /usr/share/qemu/linuxboot_dma.bin ]]
}

# Warm cache: the pinned version, else any version built from these patches
# (a fallback build), newest first.  No network, no apt.
warm=
if [[ -f $cache/qemu-${pin#*:}-$psha/.complete ]]; then
	warm=$cache/qemu-${pin#*:}-$psha
else
	for d in $(ls -d "$cache"/qemu-*-"$psha" 2>/dev/null | sort -rV); do
		if [[ -f $d/.complete ]]; then
			warm=$d
			break
		fi
	done
fi
if [[ -n $warm ]] && firmware_ok; then
	emit "$warm"
	exit 0
fi

# Host packages: build dependencies and the firmware, from the host's own
# sources, installed only when missing.
packages=(gcc make pkg-config ninja-build libglib2.0-dev libpixman-1-dev
	  libslirp-dev libfdt-dev device-tree-compiler flex bison python3
	  python3-venv dpkg-dev patch xz-utils bzip2 qemu-system-x86
	  seabios ca-certificates)
install_missing "${packages[@]}" || exit 1
firmware_ok || die "firmware missing in $firmware (qemu-system-x86, seabios)"

# Private apt configuration: the host's mirror, suites unstable (source)
# and bookworm-backports (source and binary, for meson).
apt_dir=$cache/apt
uri=$(host_mirror_uri bookworm)
[[ -n $uri ]] || die "no bookworm source found in the host's apt configuration"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f $keyring ]] || die "$keyring missing (debian-archive-keyring)"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
cat > "$apt_dir/sources.list.new" <<EOF
deb-src [signed-by=$keyring] $uri unstable main
deb-src [signed-by=$keyring] $uri bookworm-backports main
deb [signed-by=$keyring] $uri bookworm-backports main
EOF
mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
private_apt_opts "$apt_dir"
say "apt-get update (private configuration, $uri)"
apt-get "${apt_opts[@]}" update -q >&2 || die "apt-get update failed"

# The source version: the pin, else the newest fetchable version >= $min
# (a mirror's index may list versions its pool no longer serves).
versions=$(apt-cache "${apt_opts[@]}" showsrc qemu 2>/dev/null |
	   sed -n 's/^Version: //p' | sort -u)
candidates=()
if grep -qxF "$pin" <<<"$versions"; then
	candidates+=("$pin")
fi
rest=()
for v in $versions; do
	if [[ $v != "$pin" ]] && dpkg --compare-versions "$v" ge "$min"; then
		rest+=("$v")
	fi
done
# newest first (dpkg ordering; a handful of versions)
for ((i = 0; i < ${#rest[@]}; i++)); do
	for ((j = i + 1; j < ${#rest[@]}; j++)); do
		if dpkg --compare-versions "${rest[j]}" gt "${rest[i]}"; then
			v=${rest[i]}; rest[i]=${rest[j]}; rest[j]=$v
		fi
	done
done
candidates+=("${rest[@]}")
((${#candidates[@]})) || die "no qemu source >= $min in unstable on $uri"

version=
for v in "${candidates[@]}"; do
	d=$cache/qemu-${v#*:}-$psha
	if [[ -f $d/.complete ]]; then
		emit "$d"
		exit 0
	fi
	rm -rf "$d"
	mkdir -p "$d/dl"
	say "downloading the qemu $v source"
	if (cd "$d/dl" && apt-get "${apt_opts[@]}" source --download-only -q "qemu=$v" >&2); then
		version=$v
		break
	fi
	rm -rf "$d"
	say "warning: qemu $v cannot be downloaded from $uri"
done
[[ -n $version ]] || die "no qemu source >= $min can be downloaded from $uri"
[[ $version == "$pin" ]] ||
	say "warning: qemu $pin is not available; trying $version (the patches are for $pin)"
uver=${version#*:}
dir=$cache/qemu-$uver-$psha

# meson >= 1.5 from bookworm-backports, extracted (pure Python)
meson_dir=$cache/meson-bpo
if [[ ! -f $meson_dir/.complete ]]; then
	rm -rf "$meson_dir"
	mkdir -p "$meson_dir/deb"
	say "downloading meson (bookworm-backports)"
	(cd "$meson_dir/deb" && apt-get "${apt_opts[@]}" download -q meson/bookworm-backports >&2) ||
		die "cannot download meson from bookworm-backports"
	dpkg -x "$meson_dir"/deb/meson_*.deb "$meson_dir/root"
	touch "$meson_dir/.complete"
fi
export PYTHONPATH=$meson_dir/root/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}
mver=$("$python" -c 'import mesonbuild.coredata as c; print(c.version)')
dpkg --compare-versions "$mver" ge 1.5 || die "meson $mver is too old (need >= 1.5)"

say "unpacking"
dpkg-source --no-check -x "$dir"/dl/qemu_"$uver".dsc "$dir/src" >/dev/null ||
	die "dpkg-source failed"

for p in "${patches[@]}"; do
	if ! patch -d "$dir/src" -p1 --batch --forward --quiet < "$p" >> "$dir/patch.log" 2>&1; then
		die "$(basename "$p") does not apply to qemu $version (the patches are for $pin; log in $dir/patch.log)"
	fi
done
say "applied ${#patches[@]} patches"

# The +ds source strips the firmware blobs: empty stand-ins for the
# compressed EDK2 images meson may list (never installed or used).
for f in $(sed -n "s/^ *'\(edk2-[a-z0-9_-]*\.fd\)',*$/\1/p" "$dir/src/pc-bios/meson.build" 2>/dev/null); do
	[[ -e $dir/src/pc-bios/$f.bz2 ]] || : > "$dir/src/pc-bios/$f.bz2"
done

mkdir -p "$dir/build"
say "configuring (log: $dir/build.log)"
start=$(date +%s)
if ! (cd "$dir/build" &&
      "$dir/src/configure" --python="$python" \
	--target-list=x86_64-softmmu \
	--without-default-features \
	--enable-system --disable-user --disable-tools \
	--enable-tcg --enable-kvm --enable-slirp --enable-fdt=system \
	--enable-pixman --disable-docs --disable-install-blobs \
	--disable-download --disable-werror) > "$dir/build.log" 2>&1; then
	tail -n 30 "$dir/build.log" >&2
	die "configure failed"
fi
say "building qemu-system-x86_64 (several minutes)"
if ! ninja -C "$dir/build" -j "$(nproc)" qemu-system-x86_64 >> "$dir/build.log" 2>&1; then
	grep -E 'error|FAILED' "$dir/build.log" | tail -n 30 >&2
	die "build failed"
fi
grep -q 'slirp support *: *YES' "$dir/build.log" ||
	die "QEMU was configured without slirp (libslirp-dev)"
mkdir -p "$dir/bin"
cp "$dir/build/qemu-system-x86_64" "$dir/bin/"
"$dir/bin/qemu-system-x86_64" -device virtio-net-pci,help 2>/dev/null | grep -q 'admin-vq=' ||
	die "the built QEMU has no admin-vq property"
say "built in $(($(date +%s) - start)) s"
# Keep the binary and the build log, drop sources and objects (over 1 GB).
# (dpkg-source also left a link to the orig tarball next to src/.)
rm -rf "$dir/src" "$dir/build" "$dir/dl" "$dir"/qemu_*.orig.tar.*
touch "$dir/.complete"
emit "$dir"
