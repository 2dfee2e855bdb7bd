#!/bin/bash
# set: changes, idempotence, every kernel errno mapped to one clear line,
# and --persist. The fake kernel (fakekernel.so) implements the ABI's
# decision order; profiles/current.errno forces an errno.
. "$(dirname "$0")/lib.sh"
std_tree
P=$(vfio_dir vfio0)/profiles

run set 01:00.0 transitional; expect 0 "" "" "set changes the profile quietly"
is "$(current_of vfio0)" transitional "current is now transitional"
is "$(stores | wc -l)" 1 "exactly one store to profiles/current"
run set 01:00.0 transitional; expect 0 "" "" "set to the current profile succeeds"
is "$(stores | wc -l)" 1 "...without writing current again"
run set vfio0 native; expect 0 "" "" "set through vfioN"
is "$(current_of vfio0)" native "current back to native"
ok $([ ! -e "$(def_file 0000:01:00.1)" ]; echo $?) "set without --persist defines nothing"

# Kernel decisions (fake kernel follows the ABI order).
run set 01:00.1 transitional
expect 1 "" "vfio-profilectl: 0000:01:00.1: profile 'transitional' is not available on this device (available: native)" "EOPNOTSUPP: names the available profiles"
run set 01:00.1 bogus
expect 1 "" "vfio-profilectl: 0000:01:00.1: unknown profile 'bogus' (available: native)" "EINVAL: unknown profile names the available ones"
run set 02:00.0 native
expect 3 "" "vfio-profilectl: 0000:02:00.0: device is open (qemu-system-x86, pid 4242); profile not changed" "EBUSY: exit 3, names holder comm and pid"
is "$(current_of vfio2)" transitional "busy device unchanged"
run set 02:00.0 transitional; expect 0 "" "" "setting the current profile of an open device succeeds"
# Open, but no holder visible in /proc (e.g. another pid namespace).
rm -rf "$R/proc/4242"
run set 02:00.0 native
expect 3 "" "vfio-profilectl: 0000:02:00.0: device is open; profile not changed" "EBUSY without a visible holder"
add_proc 4242 qemu-system-x86 /dev/vfio/13
add_proc 4243 qemu-system-x86 /dev/vfio/13
run set 02:00.0 native
expect 3 "" "vfio-profilectl: 0000:02:00.0: device is open (qemu-system-x86, pid 4242; and 1 more); profile not changed" "EBUSY with two holders"

# Forced errnos: every mapping.
m() {	# m ERRNO EXPECTED-CAUSE EXIT
	echo "$1" >"$P/current.errno"
	run set 01:00.0 transitional
	expect "$3" "" "vfio-profilectl: 0000:01:00.0: $2" "errno $1 -> '$2'"
}
m EBUSY "device is open; profile not changed" 3
m EINVAL "unknown profile 'transitional' (available: native transitional)" 1
m EOPNOTSUPP "profile 'transitional' is not available on this device (available: native transitional)" 1
# As root the hint "(root is needed)" would be wrong: the real cause.
m EACCES "cannot write profiles/current: Permission denied" 1
m EPERM "cannot write profiles/current: Operation not permitted" 1
m EROFS "cannot write profiles/current: read-only file system" 1
m ENODEV "cannot write profiles/current: device went away (unbound?)" 1
m ENOENT "cannot write profiles/current: device went away (unbound?)" 1
m EIO "cannot write profiles/current: Input/output error" 1
m ENOMEM "cannot write profiles/current: Cannot allocate memory" 1
rm "$P/current.errno"
is "$(current_of vfio0)" native "no forced error changed current"

# The attribute vanished (unbind between lookup and write) is ENOENT too,
# and the tool must not create a file there.
run set 01:00.0 transitional --persist
expect 0 "" "" "set --persist"
is "$(cat "$(def_file 0000:01:00.1)" 2>/dev/null; cat "$(def_file 0000:01:00.0)")" "profile=transitional" "--persist wrote the definition"
is "$(cfs_of 0000:01:00.0)" transitional "--persist pushed the configfs policy"
run set 02:00.0 native --persist
ok $(( RC != 3 )) "set --persist on a busy device exits 3"
ok $([ ! -e "$(def_file 0000:02:00.0)" ]; echo $?) "...and persists nothing"
run set --persist 01:00.1 transitional
ok $(( RC != 1 )) "set --persist of an unavailable profile fails"
ok $([ ! -e "$(def_file 0000:01:00.1)" ]; echo $?) "...and persists nothing"

# Device states without profiles.
run set 04:00.0 native
expect 1 "" "vfio-profilectl: 0000:04:00.0: not bound to a driver with profile support (driver: vfio-pci)" "vfio-pci without profiles/: names the driver"
run set 05:00.0 native
expect 1 "" "vfio-profilectl: 0000:05:00.0: not bound to a driver with profile support (driver: e1000e)" "non-vfio driver named"
run set 06:00.0 native
expect 1 "" "vfio-profilectl: 0000:06:00.0: not bound to a driver with profile support (not bound to any driver)" "unbound device"
run set 03:00.0 native
expect 1 "" "vfio-profilectl: 0000:03:00.0: no such PCI device" "absent device"
# Real permission check: an unprivileged user gets EACCES from open().
if command -v setpriv >/dev/null; then
	chmod -R a+rX "$TMP"
	as_nobody --root "$R" set 01:00.0 native >"$TMP/o" 2>"$TMP/e"
	RC=$?; OUT=$(cat "$TMP/o"); ERR=$(cat "$TMP/e")
	expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot write profiles/current: permission denied (root is needed)" "non-root set: says root is needed"
else
	skip "setpriv not installed"
fi
done_testing
