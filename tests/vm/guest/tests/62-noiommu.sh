# VFIO's no-IOMMU mode.  Both drivers are built on vfio-pci-core and so
# support it as vfio-pci does: without an IOMMU they refuse a device until
# vfio is loaded with enable_unsafe_noiommu_mode=1, then they serve it
# through /dev/vfio/noiommu-N (group API only: the cdev has no no-IOMMU
# mode), with the same profile rules, and the kernel is tainted.
# Runs in a VM without an IOMMU (tests/debug-kernel/30-noiommu.t).
. /tests/lib.sh

if [ ! -e /sys/module/vfio/parameters/enable_unsafe_noiommu_mode ]; then
	skip "no-IOMMU mode" "this kernel has no VFIO_NOIOMMU (Debian's has none); make check-debug tests it"
	exit 0
fi
if ls /sys/class/iommu/* > /dev/null 2>&1; then
	skip "no-IOMMU mode" "this VM has an IOMMU; tests/debug-kernel/30-noiommu.t boots one without"
	exit 0
fi

check "our modules are loaded" load_ours
is "$(cat /sys/module/vfio/parameters/enable_unsafe_noiommu_mode)" N "vfio was loaded without no-IOMMU mode"
kmsg_mark
bind_to $DEV1 $OURS
is "$(driver_of $DEV1)" none "without an IOMMU and without no-IOMMU mode, $OURS refuses the device"
check "and the kernel log says why" \
	sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV1: probe with driver $OURS failed with error -22'"
unbind $DEV1

# busybox insmod does not read vfio.* from the kernel command line: reload
# the vfio stack with the parameter given to insmod.
reload_vfio() {
	local m
	unload_ours || return 1
	rmmod vfio_pci vfio_pci_core vfio_iommu_type1 vfio || return 1
	for m in $(cat /etc/modules.order); do
		[ -d /sys/module/$(echo $m | tr - _) ] && continue
		if [ $m = vfio ]; then
			insmod /lib/modules/$m.ko enable_unsafe_noiommu_mode=1 || return 1
		else
			insmod /lib/modules/$m.ko || return 1
		fi
	done
	# With a simulated owner where the test build has one, so that
	# transitional is available and covered too.
	if type load_ours_sim > /dev/null 2>&1; then
		load_ours_sim $DEV1
	else
		load_ours
	fi
}
check "reload vfio with insmod vfio.ko enable_unsafe_noiommu_mode=1" reload_vfio
is "$(cat /sys/module/vfio/parameters/enable_unsafe_noiommu_mode)" Y "no-IOMMU mode is on"

check "bind $DEV1 to $OURS" bind_to $DEV1 $OURS
check "bind $DEV2 to $SAMPLE" bind_to $DEV2 $SAMPLE
grp=$(iommu_group $DEV1)
check "$DEV1 has the no-IOMMU group /dev/vfio/noiommu-$grp" test -c /dev/vfio/noiommu-$grp
check "and no /dev/vfio/$grp" test ! -e /dev/vfio/$grp
v=$(vfio_dev $DEV1)
check "and no cdev /dev/vfio/devices/${v##*/} (the cdev has no no-IOMMU mode)" \
	test ! -e /dev/vfio/devices/${v##*/}
is "$(vfio-client --noiommu $DEV1 read config 0 4 2>&1)" 0x10411af4 \
   "$OURS: vendor and device ID read through the no-IOMMU group"
is "$(vfio-client $DEV1 read config 0 4 2>&1 | head -n1)" \
   "vfio-client: $DEV1: open /dev/vfio/$grp: ENOENT" "a type1 group open finds no group"
check "the kernel is tainted (TAINT_USER)" \
	sh -c '[ $(( $(cat /proc/sys/kernel/tainted) & 64 )) != 0 ]'

for d in $DEV1 $DEV2; do
	v=$(vfio_dev $d)
	drv=$(driver_of $d)
	for p in $(cat $v/profiles/available); do
		sysfs-write $v/profiles/current "$p" > /dev/null
		out=$(vfio-client --noiommu $d info read config 0 2 2>&1)
		if echo "$out" | grep -q '^device flags=' && [ "$(echo "$out" | tail -n1)" = 0x1af4 ]; then
			pass "$drv/$p: no-IOMMU open, info, config read"
		else
			fail "$drv/$p: no-IOMMU open, info, config read"
			echo "$out" | sed 's/^/#   /'
		fi
	done
	sysfs-write $v/profiles/current native > /dev/null
done

# The profile rules hold for a no-IOMMU open as for any other.
cur=$(vfio_dev $DEV2)/profiles/current
check "hold $DEV2 open through its no-IOMMU group" hold_open --noiommu $DEV2
is "$(sysfs-write $cur 'native\n')" "ok 7" "no-IOMMU open: writing the current name succeeds"
is "$(sysfs-write $cur 'alternate\n')" "error EBUSY" "no-IOMMU open: another profile gives EBUSY"
release_hold
is "$(cat /tmp/hold.out)" "" "the no-IOMMU holder reported no error"
is "$(sysfs-write $cur 'alternate\n')" "ok 10" "after close: the change succeeds"
sysfs-write $cur native > /dev/null

for d in $DEV1 $DEV2; do bind_to $d virtio-pci; done
is "$(driver_of $DEV1) $(driver_of $DEV2)" "virtio-pci virtio-pci" "both devices back on virtio-pci"
