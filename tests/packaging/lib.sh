# SPDX-License-Identifier: GPL-2.0-only
# Shared by tests/packaging/*.t (sourced; bash).
#
# They run under make check-packaging, which sets VFIO_PROFILE_PACKAGING=1;
# make check's "prove -r tests/" finds them too and gets a skip.  Each works
# in its own scratch directory and leaves nothing behind on the host: the
# DKMS and package tests run in a private mount namespace, on a private
# DKMS tree or on a copy-on-write overlay of / that is thrown away.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$top/tests/packaging

if [[ -z ${VFIO_PROFILE_PACKAGING:-} ]]; then
	echo "1..0 # SKIP the packaging tests run under make check-packaging"
	exit 0
fi
if [[ ! -f $top/build/setup.mk ]]; then
	echo "Bail out! no build/setup.mk: make check-packaging runs the set-up first"
	exit 1
fi
eval "$(cat "$top/build/setup.mk")"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")

n=0
failed=0
# tap RC DESCRIPTION [DIAGNOSTIC TEXT]: one TAP line, diagnostics indented.
tap() {
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
		[[ -n ${3:-} ]] && sed 's/^/#   /' <<<"$3" | tail -n 40
	fi
	return 0
}
# ok 'SHELL CONDITION' DESCRIPTION [DIAGNOSTIC TEXT]
ok() { eval "$1"; tap $? "$2" "${3:-}"; }
done_testing() { echo "1..$n"; exit 0; }

# scratch: a fresh temporary directory, removed when the test exits.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vfio-profile-pkg.XXXXXX")
cleanup_hooks=()
cleanup() {
	local h
	for h in "${cleanup_hooks[@]}"; do eval "$h"; done
	rm -rf "$scratch"
}
trap cleanup EXIT

# copy_source DIR: the source as a release tarball would hold it, i.e. the
# files git tracks or would track (no build outputs), into DIR.
copy_source() {
	local dst=$1
	mkdir -p "$dst"
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$top" && git ls-files -z --cached --others --exclude-standard |
			xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' |
			cpio -0 -pdm --quiet "$dst")
	else
		(cd "$top" && tar --exclude=./build --exclude=./.git -cf - .) | tar -xf - -C "$dst"
	fi
}

# diff_lists EXPECTED-FILE ACTUAL-TEXT: empty when equal, else a unified diff.
diff_lists() {
	diff -u --label expected --label installed "$1" <(printf '%s\n' "$2") || true
}

# programs_named ROOT: every absolute program path a udev rule (RUN+=,
# PROGRAM=, IMPORT{program}=) or a unit (Exec*=) under ROOT names, one a line.
programs_named() {
	local root=$1
	{
		find "$root" -path '*/udev/rules.d/*.rules' -type f -print0 |
			xargs -0 -r grep -ohE '(RUN|PROGRAM|IMPORT\{program\})\+?="[^"]*"' |
			sed -E 's/^[^"]*"//; s/"$//; s/^[[:space:]]+//' | awk '{print $1}'
		find "$root" -path '*/systemd/system/*' -type f \( -name '*.service' -o -name '*.socket' -o -name '*.timer' \) -print0 |
			xargs -0 -r grep -hE '^Exec[A-Za-z]*=' |
			sed -E 's/^[^=]*=//; s/^[-@:+!]+//' | awk '{print $1}'
	} | grep '^/' | sort -u
}

# The throwaway root: a copy-on-write overlay of the host's own / in which
# /lib/modules/$KVER holds the pinned kernel's modules (copy-on-write too)
# with a build link to the pinned headers, as on a host with that kernel's
# linux-image and linux-headers installed.  Every in_root call runs in a new
# private mount namespace (nothing is mounted on the host); what its command
# changes lands under $scratch/rt and is gone when the test ends.  The host's
# dpkg database, /var/lib/dkms, /usr/src and /lib/modules never change.
rt=$scratch/rt
mkdir -p "$rt"/{upper,work,mnt,mod.upper,mod.work}
# in_root SHELL-COMMAND: run it with bash inside the throwaway root.
in_root() {
	unshare --mount --propagation private -- bash -c '
		set -e
		rt=$1 kimage=$2 kver=$3 kdir=$4
		mount -t overlay overlay -o "lowerdir=/,upperdir=$rt/upper,workdir=$rt/work" "$rt/mnt"
		mount --rbind /dev "$rt/mnt/dev"
		mount -t proc proc "$rt/mnt/proc"
		mount -t tmpfs tmpfs "$rt/mnt/run"
		mkdir -p "$rt/mnt/lib/modules/$kver"
		mount -t overlay overlay -o "lowerdir=$kimage/lib/modules/$kver,upperdir=$rt/mod.upper,workdir=$rt/mod.work" \
			"$rt/mnt/lib/modules/$kver"
		ln -sfn "$kdir" "$rt/mnt/lib/modules/$kver/build"
		exec chroot "$rt/mnt" /bin/bash -c "$5"' _ "$rt" "$KIMAGE" "$KVER" "$KDIR" "$1"
}
# The root must work before anything is tested in it.
if ! out=$(in_root 'test -e /lib/modules/'"$KVER"'/modules.dep && test -e /lib/modules/'"$KVER"'/build/Makefile' 2>&1); then
	echo "Bail out! cannot set up the throwaway root (unshare -m + overlayfs, as root): $out"
	exit 1
fi

# The modalias of a virtio-net VF (1af4:1041, subsystem 1af4:1100, class
# 020000), as the PCI core reports it and libvirt resolves it, in vfio_pci:
# form (the variant-driver alias table).
vf_modalias='vfio_pci:v00001AF4d00001041sv00001AF4sd00001100bc02sc00i00'

# best_vfio_variant MODALIAS < modules.alias: the module libvirt (10.0 and
# later) binds a device with this modalias to: of the "alias vfio_pci:..."
# lines that match it, the one with the fewest wildcards.
best_vfio_variant() {
	local ma=$1 kw pat mod best= bestn=999 stars
	while read -r kw pat mod; do
		[[ $kw == alias && $pat == vfio_pci:* ]] || continue
		# shellcheck disable=SC2053 # a glob match on purpose
		[[ ${ma,,} == ${pat,,} ]] || continue
		stars=${pat//[^*]/}
		if ((${#stars} < bestn)); then bestn=${#stars} best=$mod; fi
	done
	echo "$best"
}
