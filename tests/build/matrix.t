#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The build matrix: the release modules and the test build, with W=1 and
# sparse (C=1), against every kernel series we claim (dkms.conf
# BUILD_EXCLUSIVE_KERNEL): the pinned Debian 6.12 headers of build/setup.mk,
# and the newest linux-source-X.Y of unstable and of trixie-backports,
# prepared by prepare-tree.sh (found in the package lists, so a new series is
# tested as soon as Debian ships it).  No compiler, sparse or modpost warning
# is allowed on any of them.  A tree that cannot be prepared is a failure,
# never a skip.  Builds in a scratch copy so the tree's own objects are
# untouched.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
prep=$top/tests/build/prepare-tree.sh
n=0
ok() { n=$((n + 1)); if eval "$1"; then echo "ok $n - $2"; else echo "not ok $n - $2"; [[ -n ${3:-} ]] && sed 's/^/#   /' <<<"$3"; fi; }

src=$(mktemp -d)
log=$src.log
trap 'rm -rf "$src" "$log"' EXIT
copy() {
	rm -rf "${src:?}"/*
	(cd "$top" && cp -r --parents Kbuild include drivers tests/modules "$src/")
	find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' \) -delete
}

# The trees: "SERIES|KDIR|what" lines.
trees=()
KDIR= KVER=
[[ -f $top/build/setup.mk ]] && eval "$(cat "$top/build/setup.mk")"
ok "[[ -n '$KDIR' && -f '$KDIR/Makefile' ]]" "6.12: the pinned Debian headers (build/setup.mk; make setup)"
trees+=("6.12|$KDIR|$KVER, the pinned Debian headers")

list=$(bash "$prep" --list 2> "$log")
rc=$?
ok "[[ $rc == 0 && -n \"\$list\" ]]" "the newest linux-source series are found in the package lists" \
   "$(tail -5 "$log")"
sparse=$(bash "$prep" --sparse 2> "$log" | sed -n 's/^SPARSE=//p')
ok "[[ -x '$sparse' ]]" "a sparse that Linux 7.x accepts" "$(tail -5 "$log")"

tested=("6.12 ($KVER, build/setup.mk)")
while read -r series version suite; do
	[[ -n ${series:-} && $series != 6.12 ]] || continue
	out=$(bash "$prep" "$series" 2> "$log" < /dev/null)
	rc=$?
	kdir=$(sed -n 's/^KDIR=//p' <<<"$out")
	ok "[[ $rc == 0 && -f '$kdir/.config' ]]" "$series: linux-source-$series $version ($suite) prepared" \
	   "$(tail -10 "$log")"
	trees+=("$series|$kdir|linux-source-$series $version, $suite")
	tested+=("$series ($version, $suite)")
done <<<"$list"
echo "# tested series: ${tested[*]}"

for t in "${trees[@]}"; do
	IFS='|' read -r series kdir what <<<"$t"
	if [[ ! -f $kdir/Makefile ]]; then
		ok false "$series: release build ($what): no tree"
		ok false "$series: test build ($what): no tree"
		continue
	fi
	# The host's sparse if the tree accepts it (6.12), else the newer one.
	check=sparse
	if [[ -f $kdir/scripts/checker-valid.sh &&
	      $(sh "$kdir/scripts/checker-valid.sh" sparse 2>/dev/null) != 1 ]]; then
		check=$sparse
	fi
	for build in release test; do
		copy
		opts=(VFIO_PROFILE_TESTS= VFIO_PROFILE_KUNIT=)
		[[ $build == test ]] && opts=(VFIO_PROFILE_TESTS=1)
		nice -n 10 make -C "$kdir" M="$src" W=1 C=1 CHECK="$check" -j2 "${opts[@]}" modules \
			> "$log" 2>&1
		rc=$?
		ok "[[ $rc == 0 ]]" "$series: W=1 C=1 $build build succeeds ($what)" "$(tail -20 "$log")"
		ok "grep -q '^  CHECK ' '$log'" "$series: sparse ran on our sources ($build build)" \
		   "$(grep -i 'sparse\|check' "$log" | head -5)"
		warnings=$(grep -E 'warning|error|WARNING|not available|not up to date|undefined!' "$log")
		ok "[[ -z \"\$warnings\" ]]" "$series: no compiler, sparse or modpost warnings ($build build)" \
		   "$warnings"
		if [[ $build == release ]]; then
			kos=$(cd "$src" && find . -name '*.ko' | sort | tr '\n' ' ')
			ok "[[ '$kos' == './drivers/vfio/pci/profile/vfio_profile.ko ./drivers/vfio/pci/virtio/virtio_vfio_profile.ko ' ]]" \
			   "$series: a release build holds exactly our two modules" "$kos"
		fi
	done
done
echo "1..$n"
