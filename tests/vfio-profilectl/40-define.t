#!/bin/bash
# define / undefine: file format, configfs push, apply where bound and
# closed, notices when the change has to wait, rollback of unknown names.
. "$(dirname "$0")/lib.sh"
std_tree
rm -f "$R"/etc/vfio-profile.d/pci-*
rm -rf "$R"/sys/kernel/config/vfio_profile/*

run define 0000:01:00.0 transitional; expect 0 "" "" "define is quiet on success"
is "$(cat "$(def_file 0000:01:00.0)")" "profile=transitional" "definition file content"
is "$(stat -c %a "$(def_file 0000:01:00.0)")" 644 "definition file mode 0644"
is "$(cfs_of 0000:01:00.0)" transitional "configfs policy pushed"
is "$(current_of vfio0)" transitional "applied to the bound, closed device"
run define 01:00.0 transitional; expect 0 "" "" "define again is idempotent"
is "$(stores | wc -l)" 2 "...and writes neither current nor configfs again"
is "$(ls -A "$R/etc/vfio-profile.d")" ".lock
pci-0000:01:00.0" "no temp files left behind"

run define 02:00.0 native
expect 0 "" "vfio-profilectl: 0000:02:00.0: device is open (qemu-system-x86, pid 4242); defined, current profile stays 'transitional' until 'vfio-profilectl apply' after it is closed" "define on an open device: defined, with a notice"
is "$(cat "$(def_file 0000:02:00.0)")" "profile=native" "...definition written"
is "$(current_of vfio2)" transitional "...current unchanged"

run define 01:00.1 transitional
expect 0 "" "vfio-profilectl: 0000:01:00.1: profile 'transitional' is not available on this device now (available: native); defined, current profile stays 'native'" "define of an unavailable profile: defined, with a notice"
is "$(cfs_of 0000:01:00.1)" transitional "...policy pushed for the next probe"

run define 03:00.0 native; expect 0 "" "" "define for an absent device (VF not created yet)"
is "$(cfs_of 0000:03:00.0)" native "...policy pushed"
run define 04:00.0 transitional; expect 0 "" "" "define for a device bound to vfio-pci"

# Unknown names: the kernel refuses, nothing stays defined.
run define 01:00.0 bogus
expect 1 "" "vfio-profilectl: 0000:01:00.0: unknown profile 'bogus' (available: native transitional); nothing defined" "define of a name the kernel does not know"
is "$(cat "$(def_file 0000:01:00.0)")" "profile=transitional" "...old definition restored"
run define 05:00.0 bogus
expect 1 "" "vfio-profilectl: 0000:05:00.0: unknown profile 'bogus' (configfs refused it); nothing defined" "unknown name refused by configfs"
ok $([ ! -e "$(def_file 0000:05:00.0)" ] && [ ! -e "$R/sys/kernel/config/vfio_profile/0000:05:00.0" ]; echo $?) "...no file and no configfs item left"

# current cannot be written (not a kernel verdict on the name): the
# definition and the policy stay, the error is reported.
echo EIO >"$(vfio_dir vfio0)/profiles/current.errno"
run define 01:00.0 native
expect 4 "" "vfio-profilectl: 0000:01:00.0: defined, but current profile not changed: cannot write profiles/current: Input/output error" "define when current cannot be written: partial (4), says what was done"
is "$(cat "$(def_file 0000:01:00.0)") $(cfs_of 0000:01:00.0)" "profile=native native" "...definition and policy kept"
rm "$(vfio_dir vfio0)/profiles/current.errno"
run define 01:00.0 transitional; expect 0 "" "" "define back (current was never changed)"

# Without configfs (module not loaded): file only.
rm -rf "$R/sys/kernel/config"
run define 06:00.0 native; expect 0 "" "" "define without configfs"
is "$(cat "$(def_file 0000:06:00.0)")" "profile=native" "...file written"
mk_configfs

# define replaces a corrupt definition without complaint.
printf 'garbage\n' >"$(def_file 0000:01:00.1)"
run define 01:00.1 native; expect 0 "" "" "define replaces a corrupt file"
is "$(cat "$(def_file 0000:01:00.1)")" "profile=native" "...with a valid one"

# undefine never touches current; removes file and configfs item.
cfs_item 0000:01:00.0 transitional
before=$(stores | wc -l)
run undefine 01:00.0; expect 0 "" "" "undefine is quiet"
ok $([ ! -e "$(def_file 0000:01:00.0)" ] && [ ! -e "$R/sys/kernel/config/vfio_profile/0000:01:00.0" ]; echo $?) "file and configfs item removed"
is "$(current_of vfio0)" transitional "current untouched"
is "$(stores | wc -l)" "$before" "no store at all"
run undefine 01:00.0; expect 1 "" "vfio-profilectl: 0000:01:00.0: no definition" "undefine twice"
cfs_item 0000:01:00.0 native
run undefine vfio0; expect 0 "" "" "undefine removes a stale configfs item without a file"
run define /sys/class/vfio-dev/vfio1 native; expect 0 "" "" "define through a sysfs path"
is "$(cat "$(def_file 0000:01:00.1)")" "profile=native" "...keyed on the PCI address"

# A define the kernel refuses puts back exactly the previous bytes (issue
# 13): an unparsable CRLF file, comments, the mode, even a symlink.
F0=$(def_file 0000:01:00.0)
UNK="vfio-profilectl: 0000:01:00.0: unknown profile 'bogus' (available: native transitional); nothing defined"
undo() {	# undo DESCRIPTION: define bogus, the file must be byte-identical
	local sum; sum=$(md5sum <"$F0"; stat -c '%a %F' "$F0")
	run define 01:00.0 bogus
	expect 1 "" "$UNK" "$1: define of a refused name fails"
	is "$(md5sum <"$F0" 2>&1; stat -c '%a %F' "$F0" 2>&1)" "$sum" "$1: previous definition byte-identical"
}
printf 'profile=native\r\n' >"$F0"
undo "CRLF definition"
printf '# pinned by hand\n\nprofile=native\n# end\n' >"$F0"; chmod 600 "$F0"
undo "commented definition, mode 0600"
rm -f "$F0"; ln -s pci-0000:06:00.0 "$F0"
run define 01:00.0 bogus; expect 1 "" "$UNK" "define of a refused name over a symlink"
is "$(readlink "$F0")" "pci-0000:06:00.0" "...the symlink itself is put back"
is "$(ls -A "$R/etc/vfio-profile.d" | grep -c '^\.pci-')" 0 "...and no copy is left behind"
rm -f "$F0"
run define 01:00.0 bogus; expect 1 "" "$UNK" "define of a refused name with no previous definition"
ok $([ ! -e "$F0" ] && [ ! -L "$F0" ]; echo $?) "...leaves no file"
done_testing
