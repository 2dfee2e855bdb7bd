#!/bin/bash
# Hostile or broken trees never crash (ASan/UBSan build), hang or make the
# tool write where it should not.
. "$(dirname "$0")/lib.sh"
std_tree
V0=$(vfio_dir vfio0)/profiles

head -c 10000 /dev/urandom >"$V0/available"
head -c 3000 /dev/urandom >"$V0/current"
run list -J; ok $RC "random bytes in available/current: list exits 0"
printf '%s' "$OUT" | jq -e . >/dev/null; ok $? "...and still prints valid JSON"
run list; ok $RC "...table too"
run show vfio0; ok $RC "...show too"
run set vfio0 native; ok $(( RC != 1 )) "set against garbage: a clean failure"
printf '%4000s\n' x | tr ' ' a >"$V0/available"
run show -J vfio0; ok $RC "4 KiB available attribute"
: >"$V0/available"; : >"$V0/current"
run list -J
is "$(printf '%s' "$OUT" | jq -c '.devices[0] | [.available, .current]')" '[[],null]' "empty attributes: no profiles available ([]), current null"
run set vfio0 native
expect 1 "" "vfio-profilectl: 0000:01:00.0: profile 'native' is not available on this device (available: )" "set with an empty available list"
rm "$V0/current"; mkdir "$V0/current"
run set vfio0 native; ok $(( RC != 1 )) "current is a directory: error, no crash"
rmdir "$V0/current"
run set vfio0 native
expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot write profiles/current: device went away (unbound?)" "current vanished"
ok $([ ! -e "$V0/current" ]; echo $?) "...and no file was created in its place"
rm "$V0/available"; mkfifo "$V0/available"
timeout 10 env LD_PRELOAD="$SHIM" "$VPC" --root "$R" list >/dev/null 2>&1
ok $(( $? == 124 )) "a FIFO as an attribute does not hang list"

std_tree
# Symlink loops and dangling links.
rm "$(vfio_dir vfio1)/device"; ln -s device "$(vfio_dir vfio1)/device"
ln -s loop "$R/sys/class/vfio-dev/vfio8"; ln -s vfio8 "$R/sys/class/vfio-dev/loop"
rm "$R/sys/devices/pci0000:00/0000:01:00.0/driver"; ln -s /nonexistent/x "$R/sys/devices/pci0000:00/0000:01:00.0/driver"
ln -s x "$R/sys/devices/pci0000:00/0000:02:00.0/iommu_group.tmp"
rm "$R/sys/devices/pci0000:00/0000:02:00.0/iommu_group"; ln -s ../../../kernel/iommu_groups/abc "$R/sys/devices/pci0000:00/0000:02:00.0/iommu_group"
run list -J; ok $RC "loops and dangling links: list exits 0"
is "$(printf '%s' "$OUT" | jq -c '[.devices[] | [.device, .driver, .iommu_group]]')" \
	'[["0000:01:00.0","x",11],["0000:02:00.0","virtio_vfio_profile",null],["0000:03:00.0",null,null],["0000:04:00.0","vfio-pci",14]]' \
	"broken links degrade to what can be read"
run show vfio8; expect 1 "" "vfio-profilectl: vfio8: no such vfio device" "vfioN symlink loop"
run show /sys/class/vfio-dev/vfio8; ok $(( RC != 1 )) "sysfs path symlink loop"

# /proc oddities: fd dirs that vanish, unreadable comm, odd link targets.
std_tree
mkdir -p "$R/proc/99/fd"; ln -s "/dev/vfio/11 (deleted)" "$R/proc/99/fd/3"
mkdir -p "$R/proc/98/fd"; ln -s /dev/vfio/12 "$R/proc/98/fd/3"          # no comm file
mkdir -p "$R/proc/abc/fd"; ln -s /dev/vfio/11 "$R/proc/abc/fd/3"        # not a pid
mkdir -p "$R/proc/97/fd"; ln -s "/dev/vfio/$(printf 'y%.0s' {1..300})" "$R/proc/97/fd/3"
mkdir -p "$R/proc/96"                                                    # no fd dir
run list -J
is "$(printf '%s' "$OUT" | jq -c '[.devices[] | [.in_use, .holder_comm]]')" \
	'[[false,null],[true,"?"],[true,"qemu-system-x86"],[null,null],[false,null]]' "/proc oddities handled"

# Definitions directory is a file; config dir unreadable entries.
std_tree
rm -rf "$R/etc/vfio-profile.d"; echo x >"$R/etc/vfio-profile.d"
run list; ok $(( RC != 1 )) "config dir is a file: list fails cleanly"
like "$ERR" "^vfio-profilectl: /etc/vfio-profile.d: Not a directory" "...naming it"
run define 01:00.0 native; ok $(( RC != 1 )) "config dir is a file: define fails cleanly"
is "$ERR" "vfio-profilectl: 0000:01:00.0: /etc/vfio-profile.d: Not a directory" "...naming the device, the path and the cause"

# Random argv never crashes.
std_tree
crash=0
for i in $(seq 60); do
	mapfile -t argv < <(head -c 200 /dev/urandom | tr -c 'a-z0-9:./ \n-' ' ' | tr ' ' '\n' | head -5)
	for v in list show set define undefine apply sync; do
		LD_PRELOAD=$SHIM "$VPC" --root "$R" $v "${argv[@]}" >/dev/null 2>"$TMP/e" </dev/null
		rc=$?
		if [ $rc -gt 4 ] || grep -q Sanitizer "$TMP/e"; then crash=1; { echo "$v ${argv[*]} rc=$rc"; cat "$TMP/e"; } | diag; fi
	done
done
ok $crash "random arguments: only exit codes 0-4, no sanitizer report"

# No /etc at all: define names the device and the missing directory.
std_tree
rm -rf "$R/etc"
run define 01:00.0 native
expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot create /etc/vfio-profile.d: /etc: No such file or directory" "define without /etc: names the device and what is missing"
done_testing
