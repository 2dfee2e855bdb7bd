#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian packages: dpkg-buildpackage -us -uc -b on a copy of the source
# makes vfio-profile-dkms and vfio-profilectl; lintian finds no error and no
# warning; their file lists are the expected ones; installed with dpkg into
# the throwaway root (a copy-on-write overlay of this host with the pinned
# kernel's modules and headers), the DKMS postinst builds and installs the
# modules, every program a udev rule or the unit names exists there, the
# unit is enabled; purging removes it all.  The host's dpkg database never
# changes.
set -u
. "$(dirname "$0")/lib.sh"

src=$scratch/vfio-profile-$version
copy_source "$src"
host_state() { md5sum /var/lib/dpkg/status; ls -la --time-style=+%s /var/lib/dkms /usr/src 2>&1; }
before=$(host_state)

deb_version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
ok '[[ ${deb_version%-*} == "$version" ]]' \
	"debian/changelog ($deb_version) and dkms.conf ($version) agree on the upstream version"

t0=$SECONDS
(cd "$src" && dpkg-buildpackage -us -uc -b) > "$scratch/build.log" 2>&1
tap $? "dpkg-buildpackage -us -uc -b succeeds ($((SECONDS - t0)) s)" "$(tail -n 30 "$scratch/build.log")"
debs=$(cd "$scratch" && ls *.deb 2>/dev/null | tr '\n' ' ')
arch=$(dpkg --print-architecture)
want="vfio-profile-dkms_${deb_version}_all.deb vfio-profilectl-dbgsym_${deb_version}_${arch}.deb vfio-profilectl_${deb_version}_${arch}.deb "
ok '[[ $debs == "$want" ]]' "it makes vfio-profile-dkms and vfio-profilectl (and the automatic -dbgsym)" "$debs"
dkms_deb=$scratch/vfio-profile-dkms_${deb_version}_all.deb
ctl_deb=$scratch/vfio-profilectl_${deb_version}_${arch}.deb
changes=$scratch/vfio-profile_${deb_version}_${arch}.changes

lint=$(lintian --fail-on error,warning --display-info --pedantic "$changes" 2>&1 | grep -v '^running with root privileges')
tap ${PIPESTATUS[0]} "lintian: no errors, no warnings" "$lint"
echo "# lintian: $(grep -c '^E: ' <<<"$lint") errors, $(grep -c '^W: ' <<<"$lint") warnings, $(grep -c '^I: ' <<<"$lint") info, $(grep -c '^P: ' <<<"$lint") pedantic"
grep -E '^[IP]: ' <<<"$lint" | sed 's/^/#   /'

# deb_files DEB: the files (not directories) a package holds, as absolute paths.
deb_files() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | LC_ALL=C sort; }
for p in vfio-profile-dkms vfio-profilectl; do
	deb=$scratch/${p}_${deb_version}_$([[ $p == *dkms ]] && echo all || echo "$arch").deb
	d=$(diff_lists <(sed "s|@VERSION@|$version|" "$here/expected/$p.list" | LC_ALL=C sort) "$(deb_files "$deb")")
	ok '[[ -z $d ]]' "$p holds exactly the expected files" "$d"
done
ok '[[ $(dpkg-deb -f "$dkms_deb" Depends) == *dkms* ]]' "vfio-profile-dkms depends on dkms" "$(dpkg-deb -f "$dkms_deb" Depends)"
ok '! dpkg-deb -c "$dkms_deb" | grep -qE "owner_sim|/tests/"' "vfio-profile-dkms ships no test code (simulator, tests/)"
ok 'dpkg-deb --ctrl-tarfile "$dkms_deb" | tar -xO ./postinst | grep -q common.postinst' \
	"vfio-profile-dkms's postinst runs the DKMS postinst (dh_dkms)"

# Every program the rules and the unit name, as the package ships them.
x=$scratch/ctl.x
dpkg-deb -x "$ctl_deb" "$x"
progs=$(programs_named "$x" | tr '\n' ' ')
progs=${progs% }
ok '[[ -n $progs ]]' "the packaged rules and unit name programs ($progs)"

# Install both into the throwaway root.
t0=$SECONDS
out=$(in_root "dpkg -i '$dkms_deb' '$ctl_deb'" 2>&1)
tap $? "dpkg -i of both packages in a throwaway root succeeds ($((SECONDS - t0)) s)" "$out"
ok '[[ $out == *"Building for $KVER"* ]]' "the DKMS postinst builds for $KVER, the kernel with headers" "$out"
for p in vfio-profile-dkms vfio-profilectl; do
	got=$(in_root "dpkg-query -W -f='\${Status}' $p; echo; dpkg -L $p | while read -r f; do [ -d \"\$f\" ] || echo \"\$f\"; done | LC_ALL=C sort" 2>&1)
	ok '[[ $(head -n1 <<<"$got") == "install ok installed" ]]' "$p is installed and configured" "$got"
	d=$(diff_lists <(sed "s|@VERSION@|$version|" "$here/expected/$p.list" | LC_ALL=C sort) "$(tail -n +2 <<<"$got")")
	ok '[[ -z $d ]]' "dpkg -L $p is the expected list" "$d"
done
missing=$(in_root "for p in $progs; do { test -f \"\$p\" && test -x \"\$p\"; } || echo \"\$p\"; done" 2>&1)
ok '[[ -z $missing ]]' "every program a rule or the unit names is installed and executable" "missing: $missing"
out=$(in_root "dpkg -S $progs" 2>&1)
ok '[[ -n $out ]] && ! grep -qv "^vfio-profilectl: " <<<"$out"' "and vfio-profilectl is the package that ships it" "$out"

upd=/lib/modules/$KVER/updates/dkms
out=$(in_root "dkms status vfio-profile; modinfo -F parm $upd/virtio_vfio_profile.ko.xz; modprobe -S '$KVER' --show-depends virtio_vfio_profile" 2>/dev/null)
ok '[[ $out == *"vfio-profile/$version, $KVER"*"installed"* ]]' "dkms status: vfio-profile/$version installed for $KVER" "$out"
ok '[[ $out != *sim_owner* && $out == *"$upd/vfio_profile.ko.xz"* && $out == *"$upd/virtio_vfio_profile.ko.xz"* ]]' \
	"the release modules are in updates/dkms/ and modprobe resolves them" "$out"
out=$(in_root "readlink /etc/systemd/system/sysinit.target.wants/vfio-profile-sync.service" 2>&1)
ok '[[ $out == /lib/systemd/system/vfio-profile-sync.service ]]' "vfio-profile-sync.service is enabled (WantedBy=sysinit.target)" "$out"
out=$(in_root "vfio-profilectl --version; man -w vfio-profilectl" 2>&1)
ok '[[ $out == *"vfio-profilectl "[0-9]* && $out == *"/man8/vfio-profilectl.8.gz"* ]]' "the tool runs and its man page is found" "$out"

# Purge both: nothing of ours may stay.
out=$(in_root "dpkg --purge vfio-profilectl vfio-profile-dkms" 2>&1)
tap $? "dpkg --purge of both packages succeeds" "$out"
out=$(in_root "ls $upd/ /usr/src/ /var/lib/dkms/ /etc/systemd/system/sysinit.target.wants/ /usr/sbin/ /lib/udev/rules.d/ 2>/dev/null | grep -i vfio; grep -c vfio_profile /lib/modules/$KVER/modules.dep" 2>&1)
ok '[[ $out == 0 ]]' "purge removes the modules, the DKMS tree and source, the unit's enablement and the tool" "$out"

after=$(host_state)
ok '[[ $before == "$after" ]]' "the host's dpkg database, /var/lib/dkms and /usr/src are untouched" \
	"$(diff <(echo "$before") <(echo "$after"))"
done_testing
