#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The upstream series (make patches, build/patches/) against the debug tier's
# Debian linux-source-6.12, which is never modified: a hard-linked copy of it
# gets the patches one at a time, and after each one
#   - git apply --check, then git apply, succeed;
#   - make olddefconfig, from the debug kernel's .config with the new
#     options as modules (and COMPILE_TEST, so that the profile core, which
#     drivers select, builds on its own at patch 2), has them as modules;
#   - drivers/vfio/ builds with W=1 and sparse (C=1) and no warning that the
#     unpatched tree does not have (6.12's vfio-pci-core has sparse warnings
#     of its own; a warning is compared by file and text, not line);
# and every patch is checkpatch --strict clean but for checks the cover
# letter explains; the new sources are kernel-doc -Wall clean.
#
# The O= tree is a fresh copy of the debug kernel's pruned build folder, so
# no object of an earlier run can hide a broken step: about 3 minutes.
# make check-patches runs it (make patches and make debug-kernel first).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
series=$top/build/patches
work=$top/build/patches-check
n=0
ok() { # ok CONDITION DESCRIPTION [DIAGNOSTIC]
	n=$((n + 1))
	if eval "$1"; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[[ -n ${3:-} ]] && sed 's/^/#   /' <<<"$3" | head -n 40
	fi
}
bail() { echo "Bail out! $*"; exit 1; }

[[ -f $top/build/debug/kernel.mk ]] || bail "no build/debug/kernel.mk: run make check-patches"
eval "$(cat "$top/build/debug/kernel.mk")"
src=$(readlink -f "$DEBUG_KDIR/source")
[[ -f $src/drivers/vfio/vfio_main.c ]] || bail "no linux-source-6.12 at $src"
mapfile -t patches < <(ls "$series"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v /0000-)
cover=$(ls "$series"/0000-cover-letter.patch 2>/dev/null)
[[ ${#patches[@]} -ge 4 && -n $cover ]] || bail "no series in $series: run make patches"

# sparse: the host's if this tree accepts it, else the cached newer one.
check=sparse
if [[ $(sh "$src/scripts/checker-valid.sh" sparse 2>/dev/null) != 1 ]]; then
	check=$(bash "$top/tests/build/prepare-tree.sh" --sparse 2>/dev/null | sed -n 's/^SPARSE=//p')
fi

# The cover letter: filled in, every check explained.
ok "! grep -qE '\\*\\*\\* (SUBJECT|BLURB) HERE|@[A-Z_]+@|UNEXPLAINED' '$cover'" \
   "the cover letter is complete (no placeholder, every checkpatch check explained)" \
   "$(grep -nE '\*\*\* (SUBJECT|BLURB) HERE|@[A-Z_]+@|UNEXPLAINED' "$cover")"

# checkpatch from the pristine tree (its own rules and spelling list); run
# outside a git checkout, so its SPDX check needs no python modules.
checks=0
for p in "${patches[@]}"; do
	out=$(cd "$src" && perl scripts/checkpatch.pl --strict --show-types --terse --no-summary "$p" 2>&1)
	bad=$(grep -E ': (ERROR|WARNING):' <<<"$out")
	ok "[[ -z \"\$bad\" ]]" "checkpatch --strict: no error or warning in ${p##*/}" "$bad"
	c=$(grep -c ': CHECK:' <<<"$out")
	checks=$((checks + c))
done
listed=$(grep -cE '^- [0-9]{4}, .*: CHECK ' "$cover")
ok "[[ $checks == $listed ]]" "the cover letter lists all $checks checkpatch checks (it lists $listed)"

# A fresh tree: hard links to the pristine source, and real copies of the
# files the series changes, so that applying never writes through a link.
rm -rf "$work"
mkdir -p "$work"
cp -al "$src" "$work/linux" || bail "cannot copy $src"
cp -a "$DEBUG_KDIR" "$work/obj" && rm -f "$work/obj/source" || bail "cannot copy $DEBUG_KDIR"
for f in $(sed -n 's|^--- a/||p' "${patches[@]}" | sort -u); do
	cp --remove-destination "$src/$f" "$work/linux/$f"
done
tree=$work/linux
# git apply in a folder inside a git checkout (this one) would apply paths
# relative to that checkout and skip the rest: never look above $work.
export GIT_CEILING_DIRECTORIES=$work
kmake() { nice -n 10 make -C "$tree" O="$work/obj" "$@"; }

# configure STEP: the debug kernel's config, new options as modules.
configure() {
	cp "$DEBUG_KDIR/.config" "$work/obj/.config"
	"$tree/scripts/config" --file "$work/obj/.config" -e COMPILE_TEST \
		-m VFIO_PROFILE -m VIRTIO_VFIO_PCI_PROFILE
	kmake -s olddefconfig > "$work/$1.config.log" 2>&1
}

# build STEP: drivers/vfio/ with W=1 and sparse; its warnings, by file and text.
build() {
	kmake W=1 C=1 CHECK="$check" -j"$(nproc)" drivers/vfio/ > "$work/$1.log" 2>&1
	local rc=$?
	grep -E 'warning:|error:' "$work/$1.log" |
		sed -E "s|^$tree/||; s|^([^:]+):[0-9]+:[0-9]+:|\\1:|" | sort -u > "$work/$1.warnings"
	return $rc
}

configure base
build base
ok "[[ $? == 0 ]]" "the unpatched drivers/vfio/ builds (W=1 C=1; $(wc -l < "$work/base.warnings") warnings of its own)" \
   "$(tail -20 "$work/base.log")"

want=()
for p in "${patches[@]}"; do
	name=${p##*/}
	step=${name:0:4}
	out=$(cd "$tree" && git apply --check "$p" 2>&1)
	ok "[[ $? == 0 ]]" "$step applies to linux-source-6.12 (git apply --check)" "$out"
	out=$(cd "$tree" && git apply "$p" 2>&1)
	ok "[[ $? == 0 ]]" "$step applied" "$out"

	grep -q '^+config VFIO_PROFILE$' "$p" && want+=(CONFIG_VFIO_PROFILE=m)
	grep -q '^+config VIRTIO_VFIO_PCI_PROFILE$' "$p" && want+=(CONFIG_VIRTIO_VFIO_PCI_PROFILE=m)
	configure "$step"
	missing=
	for w in "${want[@]}"; do
		grep -qxF "$w" "$work/obj/.config" || missing+=" $w"
	done
	ok "[[ -z '$missing' ]]" "$step: olddefconfig keeps the new options as modules (${want[*]:-none yet})" \
	   "missing:$missing $(cat "$work/$step.config.log")"

	build "$step"
	ok "[[ $? == 0 ]]" "$step: drivers/vfio/ builds with W=1 C=1" "$(tail -20 "$work/$step.log")"
	new=$(comm -13 "$work/base.warnings" "$work/$step.warnings")
	ok "[[ -z \"\$new\" ]]" "$step: no new compiler or sparse warning" "$new"
done

# What the series added was really compiled and checked.
for d in profile virtio-profile; do
	ok "cat '$work'/[0-9]*.log | grep -q 'CHECK .*drivers/vfio/pci/$d/' && ls '$work/obj/drivers/vfio/pci/$d/'*.o > /dev/null 2>&1" \
	   "drivers/vfio/pci/$d/ was compiled and sparse-checked" "$(cat "$work"/[0-9]*.log | grep "pci/$d" | head -5)"
done

# The modules link: modpost over drivers/vfio/ of the patched tree, built as
# an external module set against the debug kernel's Module.symvers (the
# directory builds above compile, but do not run modpost).
nice -n 10 make -C "$tree" O="$work/obj" M="$tree/drivers/vfio" -j"$(nproc)" modules \
	> "$work/modpost.log" 2>&1
rc=$?
bad=$(grep -E 'undefined!|WARNING:|error:' "$work/modpost.log")
ok "[[ $rc == 0 && -z \"\$bad\" ]]" "modpost: the modules of the patched drivers/vfio/ link, no undefined symbol" \
   "$bad $(tail -5 "$work/modpost.log")"
ko=$tree/drivers/vfio/pci/virtio-profile/virtio_vfio_profile.ko
deps=$(modinfo -F depends "$ko" 2>&1)
ok "[[ ,\$deps, == *,vfio_profile,* && ,\$deps, == *,vfio-pci-core,* ]]" \
   "virtio_vfio_profile.ko depends on vfio_profile and vfio-pci-core ($deps)"
aliases=$(modinfo -F alias "$ko" 2>&1)
ok "[[ '$aliases' == 'vfio_pci:v00001AF4d00001041sv*sd*bc*sc*i*' ]]" \
   "its only alias is the override-only vfio_pci: one for 1af4:1041" "$aliases"

# kernel-doc -Wall on every source the series adds.
docs=$(cd "$tree" && ls drivers/vfio/pci/profile/*.[ch] drivers/vfio/pci/virtio-profile/*.[ch] \
	include/linux/vfio_profile*.h)
out=$(cd "$tree" && scripts/kernel-doc -Wall -none $docs 2>&1)
ok "[[ -z \"\$out\" ]]" "kernel-doc -Wall: no warning in the $(wc -w <<<"$docs") new sources" "$out"
# ... and nothing new in the files it changes (vfio.h has one of its own).
kdoc() { (cd "$1" && scripts/kernel-doc -Wall -none include/linux/vfio.h drivers/vfio/vfio_main.c 2>&1 |
	sed -E 's/:[0-9]+:/:/' | sort -u); }
new=$(comm -13 <(kdoc "$src") <(kdoc "$tree"))
ok "[[ -z \"\$new\" ]]" "kernel-doc -Wall: nothing new in vfio.h and vfio_main.c" "$new"

# The admin guide, as the series has it, is valid reStructuredText:
# Debian's own docutils checks it (installed here when missing; never
# whatever Python the user has first in PATH).
say() { echo "# series.t: $*" >&2; }
. "$top/scripts/apt-lib.sh"
install_missing python3-docutils || bail "cannot install python3-docutils"
guide=$tree/Documentation/admin-guide/vfio-profile.rst
out=$(/usr/bin/python3 -c 'import io, sys, docutils.core
err = io.StringIO()
docutils.core.publish_doctree(open(sys.argv[1]).read(), settings_overrides={
	"report_level": 1, "halt_level": 5, "warning_stream": err})
print(err.getvalue(), end="")' "$guide" 2>&1)
ok "[[ -z \"\$out\" ]]" "the in-tree admin guide parses without a docutils message" "$out"
ok "grep -qx '   vfio-profile' '$tree/Documentation/admin-guide/index.rst'" \
   "the admin guide is in Documentation/admin-guide/index.rst (htmldocs finds it)"
echo "1..$n"
