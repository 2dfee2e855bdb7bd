#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# DKMS, in the throwaway root (the host's /var/lib/dkms, /usr/src and
# /lib/modules never change): make install-dkms puts the minimal source tree
# in /usr/src; dkms add, dkms build -k <pinned release> --kernelsourcedir
# <pinned headers> (with the test options set in the environment, which the
# dkms.conf make line must override), dkms install; the modules are release
# builds, signed with the DKMS MOK, resolvable by modprobe; a kernel older
# than 6.12 is skipped, not failed; dkms remove takes everything away again.
set -u
. "$(dirname "$0")/lib.sh"

src=$scratch/src
copy_source "$src"
mv="vfio-profile/$version"
upd=/lib/modules/$KVER/updates/dkms
host_state() { ls -la --time-style=+%s /var/lib/dkms /usr/src 2>&1; }
before=$(host_state)

out=$(in_root "make -C '$src' install-dkms >/dev/null && cd /usr/src && find vfio-profile-* -type f | sed 's|^|/usr/src/|' | LC_ALL=C sort" 2>&1)
tap $? "make install-dkms succeeds" "$out"
d=$(diff_lists <(sed "s|@VERSION@|$version|" "$here/expected/dkms-source.list") "$out")
ok '[[ -z $d ]]' "the DKMS source tree is exactly the expected list (no tests/, no owner_sim.c)" "$d"

out=$(in_root "dkms add '$mv'" 2>&1)
tap $? "dkms add $mv" "$out"
t0=$SECONDS
out=$(in_root "export VFIO_PROFILE_TESTS=1 VFIO_PROFILE_KUNIT=1
	dkms build '$mv' -k '$KVER' --kernelsourcedir '$KDIR' || { rc=\$?; cat /var/lib/dkms/$mv/build/make.log; exit \$rc; }" 2>&1)
tap $? "dkms build $mv -k $KVER --kernelsourcedir <pinned headers> ($((SECONDS - t0)) s)" "$out"
out=$(in_root "dkms install '$mv' -k '$KVER' --kernelsourcedir '$KDIR'" 2>&1)
tap $? "dkms install $mv -k $KVER" "$out"
out=$(in_root "dkms status '$mv'" 2>&1)
ok '[[ $out == *"$KVER"*": installed"* ]]' "dkms status says installed for $KVER" "$out"

out=$(in_root "ls $upd" 2>&1)
ok '[[ $(echo $out) == "vfio_profile.ko.xz virtio_vfio_profile.ko.xz" ]]' \
	"exactly our two modules are in updates/dkms/ (compressed as the kernel's)" "$out"
info=$(in_root "modinfo -F parm $upd/virtio_vfio_profile.ko.xz; echo ---; modinfo -F signer $upd/virtio_vfio_profile.ko.xz; modinfo -F signer $upd/vfio_profile.ko.xz; echo ---; modinfo -F vermagic $upd/virtio_vfio_profile.ko.xz" 2>&1)
ok '[[ ${info%%---*} != *sim_owner* ]]' "a DKMS build is a release build (no sim_owner), even with VFIO_PROFILE_TESTS=1 set" "$info"
signers=$(sed -n '/^---$/,/^---$/p' <<<"$info" | grep -v -- ---)
ok '[[ $(echo $signers) == "DKMS module signing key DKMS module signing key" ]]' \
	"DKMS signed both modules with its MOK (the key to enrol for Secure Boot)" "$info"
ok '[[ $(tail -n1 <<<"$info") == "$KVER "* ]]' "the modules are built for $KVER" "$info"
out=$(in_root "openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject" 2>&1)
ok '[[ $out == *"DKMS module signing key"* ]]' "the MOK certificate to enrol is /var/lib/dkms/mok.pub" "$out"

out=$(in_root "modprobe -S '$KVER' --show-depends virtio_vfio_profile" 2>&1)
ok '[[ $out == *"/kernel/drivers/vfio/pci/vfio-pci-core.ko"* && $out == *"$upd/vfio_profile.ko.xz"* && $out == *"$upd/virtio_vfio_profile.ko.xz"* ]]' \
	"dkms ran depmod: modprobe resolves virtio_vfio_profile with vfio-pci-core and vfio_profile" "$out"
best=$(in_root "cat /lib/modules/$KVER/modules.alias" 2>/dev/null | best_vfio_variant "$vf_modalias")
ok '[[ $best == virtio_vfio_profile ]]' "libvirt's choice for a virtio-net VF is virtio_vfio_profile" "best: $best"

# A kernel older than 6.12 (the same headers under another release name):
# BUILD_EXCLUSIVE_KERNEL makes dkms skip it with status 77.
out=$(in_root "mkdir -p /lib/modules/6.1.0-99-amd64 && ln -s '$KDIR' /lib/modules/6.1.0-99-amd64/build
	dkms build '$mv' -k 6.1.0-99-amd64; echo rc=\$?" 2>&1)
ok '[[ $out == *"rc=77"* ]]' "dkms skips (status 77) a kernel older than 6.12" "$out"

out=$(in_root "dkms remove '$mv' --all >/dev/null 2>&1; dkms status 2>/dev/null; ls $upd/ 2>/dev/null; ls /usr/src | grep vfio-profile; grep -c vfio_profile /lib/modules/$KVER/modules.dep" 2>&1)
ok '[[ $(echo $out) == "vfio-profile-$version 0" ]]' \
	"dkms remove --all: no status, no modules, depmod again (the source in /usr/src stays, as dkms does)" "$out"

after=$(host_state)
ok '[[ $before == "$after" ]]' "the host's /var/lib/dkms and /usr/src are untouched" \
	"$(diff <(echo "$before") <(echo "$after"))"
done_testing
