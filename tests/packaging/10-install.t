#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make install / make uninstall from a copy of the source, honouring DESTDIR
# and PREFIX: the release modules through kbuild into updates/ and depmod -b
# DESTDIR; the tool, its man page and completion; udev rules and the unit at
# the pkg-config paths, every program they name present.  Then make install
# without DESTDIR in the throwaway root: depmod on the real module tree, and
# modprobe resolves our modules and the VF's vfio_pci: alias.
set -u
. "$(dirname "$0")/lib.sh"

src=$scratch/src
copy_source "$src"
log=$scratch/log
udevdir=$(pkg-config --variable=udevdir udev)
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd)
# Host paths a DESTDIR install must not create or change.
host_paths=(/lib/modules/"$KVER" /usr/sbin/vfio-profilectl /usr/local/sbin/vfio-profilectl
	    "$udevdir"/rules.d/90-vfio-profile.rules "$unitdir"/vfio-profile-sync.service
	    /usr/share/man/man8/vfio-profilectl.8 /usr/share/bash-completion/completions/vfio-profilectl)
host_state() { local p; for p in "${host_paths[@]}"; do [[ -e $p ]] && stat -c '%n %Y %s' "$p"; done; }
before=$(host_state)

# installed_files ROOT: every non-directory under ROOT but depmod's indexes.
installed_files() {
	(cd "$1" && find . ! -type d | sed 's|^\.||' | grep -v "^/lib/modules/[^/]*/modules\." | LC_ALL=C sort)
}
expected() { # expected PREFIX
	sed "s|@KVER@|$KVER|; s|@PREFIX@|$1|" "$here/expected/make-install.list" | LC_ALL=C sort
}
check_programs() { # check_programs ROOT LABEL
	local root=$1 p missing= progs
	progs=$(programs_named "$root")
	ok '[[ -n $progs ]]' "$2: the udev rules and the unit name programs" "nothing found under $root"
	for p in $progs; do [[ -x $root$p ]] || missing+="$p "; done
	ok '[[ -z $missing ]]' "$2: every program a rule or unit names is installed ($(echo $progs))" \
		"named but not installed: $missing"
}

# 1. DESTDIR, default PREFIX (/usr).
d1=$scratch/destdir
make -C "$src" install DESTDIR="$d1" KDIR="$KDIR" > "$log" 2>&1
tap $? "make install DESTDIR=... succeeds" "$(tail -20 "$log")"
d=$(diff_lists <(expected /usr) "$(installed_files "$d1")")
ok '[[ -z $d ]]' "the installed files are exactly the expected list" "$d"
ok '! grep -q "^  SIGN\|sign-file" "$log"' "kbuild does not try to sign with the distribution's (absent) key" \
	"$(grep -i sign "$log")"
ok '[[ ! -e $src/drivers/vfio/pci/virtio/owner_sim.o ]]' "make install builds a release build (no owner_sim.o)"
moddir=$d1/lib/modules/$KVER
virtio=$moddir/updates/drivers/vfio/pci/virtio/virtio_vfio_profile.ko.xz
parms=$(modinfo -F parm "$virtio" 2>&1)
ok '[[ $parms != *sim_owner* ]]' "the installed virtio_vfio_profile has no sim_owner parameter" "$parms"
ok '[[ $(modinfo -F vermagic "$virtio") == "$KVER "* ]]' "the installed modules are built for $KVER"
dep=$(grep -s 'virtio_vfio_profile' "$moddir/modules.dep")
ok '[[ $dep == "updates/drivers/vfio/pci/virtio/virtio_vfio_profile.ko.xz: updates/drivers/vfio/pci/profile/vfio_profile.ko.xz" ]]' \
	"depmod -b DESTDIR ran: modules.dep has virtio_vfio_profile -> vfio_profile" "modules.dep: $dep"
ok 'grep -qx "alias vfio_pci:v00001AF4d00001041sv\*sd\*bc\*sc\*i\* virtio_vfio_profile" "$moddir/modules.alias"' \
	"modules.alias in DESTDIR has the vfio_pci: alias for 1af4:1041" "$(cat "$moddir/modules.alias" 2>&1)"
check_programs "$d1" "DESTDIR install"
rules=$d1$udevdir/rules.d/90-vfio-profile.rules
ok 'grep -q "RUN+=\"/usr/sbin/vfio-profilectl " "$rules"' "the installed rules call /usr/sbin/vfio-profilectl"
ver=$("$d1/usr/sbin/vfio-profilectl" --version 2>&1)
tap $? "the installed tool runs (--version: $ver)" "$ver"
ok '[[ -s $d1/usr/share/man/man8/vfio-profilectl.8 ]] && man -l -Tutf8 "$d1/usr/share/man/man8/vfio-profilectl.8" >/dev/null 2>&1' \
	"the installed man page formats"
ok 'bash -n "$d1/usr/share/bash-completion/completions/vfio-profilectl"' "the installed completion is valid bash"

make -C "$src" uninstall DESTDIR="$d1" KDIR="$KDIR" > "$log" 2>&1
tap $? "make uninstall DESTDIR=... succeeds" "$(tail -20 "$log")"
left=$(installed_files "$d1")
ok '[[ -z $left ]]' "make uninstall removes every installed file" "$left"
ok '! grep -qs vfio_profile "$moddir/modules.dep" "$moddir/modules.alias"' \
	"make uninstall re-runs depmod: the indexes no longer name our modules"

# 2. PREFIX=/usr/local: the rules and the unit follow the tool.
d2=$scratch/destdir-local
make -C "$src" install DESTDIR="$d2" PREFIX=/usr/local KDIR="$KDIR" > "$log" 2>&1
tap $? "make install DESTDIR=... PREFIX=/usr/local succeeds" "$(tail -20 "$log")"
d=$(diff_lists <(expected /usr/local) "$(installed_files "$d2")")
ok '[[ -z $d ]]' "PREFIX=/usr/local: the installed files are exactly the expected list" "$d"
check_programs "$d2" "PREFIX=/usr/local"

after=$(host_state)
ok '[[ $before == "$after" ]]' "DESTDIR installs leave the host's own paths untouched" \
	"$(diff <(echo "$before") <(echo "$after"))"

# 3. No DESTDIR, in the throwaway root (as on a real host): depmod on the
#    real /lib/modules/<release> with the kernel's own modules beside ours.
out=$(in_root "set -e; make -C '$src' install KDIR='$KDIR' >/dev/null 2>&1 || { echo make install failed; exit 1; }
	modprobe -S '$KVER' --show-depends virtio_vfio_profile" 2>&1)
tap $? "make install (no DESTDIR) in a throwaway root succeeds" "$out"
ok '[[ $out == *"/kernel/drivers/vfio/pci/vfio-pci-core.ko"* && $out == *"/updates/drivers/vfio/pci/profile/vfio_profile.ko"* && $out == *"/updates/drivers/vfio/pci/virtio/virtio_vfio_profile.ko"* ]]' \
	"modprobe resolves virtio_vfio_profile with vfio-pci-core and vfio_profile" "$out"
aliases=$(in_root "cat /lib/modules/$KVER/modules.alias" 2>&1)
best=$(best_vfio_variant "$vf_modalias" <<<"$aliases")
ok '[[ $best == virtio_vfio_profile ]]' "libvirt's choice for a virtio-net VF is virtio_vfio_profile (best vfio_pci: alias)" \
	"best: $best; matching: $(grep -i 'alias vfio_pci:' <<<"$aliases" | head -5)"
out=$(in_root "set -e; make -C '$src' uninstall KDIR='$KDIR' >/dev/null 2>&1 || { echo make uninstall failed; exit 1; }
	! modprobe -S '$KVER' --show-depends virtio_vfio_profile >/dev/null 2>&1 || echo still resolvable
	ls /usr/sbin/vfio-profilectl '$udevdir/rules.d/90-vfio-profile.rules' 2>/dev/null" 2>&1)
ok '[[ -z $out ]]' "make uninstall (no DESTDIR) removes the modules (depmod again) and the files" "$out"

done_testing
