# The iommufd device cdev (/dev/vfio/devices/vfioN): bind to an iommufd,
# IOAS alloc, attach, DMA map/unmap, in every available profile of both
# drivers; and a cdev open refuses profile changes exactly as a group open.
. /tests/lib.sh

if [ ! -c /dev/iommu ]; then
	skip "iommufd device cdev" "no /dev/iommu: this kernel has no IOMMUFD (Debian's has none); make check-debug tests it"
	exit 0
fi
if ! ls /sys/class/iommu/* > /dev/null 2>&1; then
	skip "iommufd device cdev" "no IOMMU in this VM (the cdev does not support no-IOMMU mode)"
	exit 0
fi


# With a simulated owner where the test build has one (lib.sh), so that
# transitional is available and covered too.
if type load_ours_sim > /dev/null 2>&1; then
	check "our modules are loaded, $DEV1 with a simulated owner" load_ours_sim $DEV1
else
	check "our modules are loaded" load_ours
fi
check "bind $DEV1 to $OURS" bind_to $DEV1 $OURS
check "bind $DEV2 to $SAMPLE" bind_to $DEV2 $SAMPLE

for d in $DEV1 $DEV2; do
	v=$(vfio_dev $d)
	drv=$(driver_of $d)
	check "$drv: /dev/vfio/devices/${v##*/} exists" test -c /dev/vfio/devices/${v##*/}
	for p in $(cat $v/profiles/available); do
		sysfs-write $v/profiles/current "$p" > /dev/null
		is "$(cat $v/profiles/current)" "$p" "$drv: select $p"
		out=$(vfio-client --cdev $d info dma-map 0x100000 2>&1)
		if echo "$out" | grep -q '^device flags=' && [ "$(echo "$out" | tail -n1)" = ok ]; then
			pass "$drv/$p: cdev open, bind, IOAS attach, 1 MiB DMA map/unmap"
		else
			fail "$drv/$p: cdev open, bind, IOAS attach, 1 MiB DMA map/unmap"
			echo "$out" | sed 's/^/#   /'
		fi
		is "$(vfio-client $d dma-map 0x100000 2>&1)" ok "$drv/$p: the same DMA map through the group and a type1 container"
	done
	sysfs-write $v/profiles/current native > /dev/null
done

# While open through the cdev: the same answers as 06-open.sh gets through
# the group.
cur=$(vfio_dev $DEV1)/profiles/current
check "hold $DEV1 open through its cdev" hold_open --cdev $DEV1
is "$(sysfs-write $cur 'native\n')" "ok 7" "cdev open: writing the current name succeeds"
is "$(sysfs-write $cur 'bogus\n')" "error EINVAL" "cdev open: unknown name is still EINVAL"
is "$(sysfs-write $cur 'transitional\n')" "error EBUSY" "cdev open: another profile gives EBUSY"
is "$(cat $cur)" native "cdev open: current unchanged"
release_hold
is "$(cat /tmp/hold.out)" "" "the cdev holder reported no error"

cur=$(vfio_dev $DEV2)/profiles/current
check "hold $DEV2 ($SAMPLE) open through its cdev" hold_open --cdev $DEV2
is "$(sysfs-write $cur 'alternate\n')" "error EBUSY" "cdev open: alternate gives EBUSY"
is "$(cat $cur)" native "cdev open: current unchanged"
release_hold
is "$(sysfs-write $cur 'alternate\n')" "ok 10" "after the cdev close: the change succeeds"
kmsg_mark
vfio-client --cdev $DEV2 info > /dev/null 2>&1
check "the next cdev open latches alternate" \
	sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV2: opened with profile alternate'"
sysfs-write $cur native > /dev/null

# The same device held through its group, in the same boot, for comparison.
check "hold $DEV2 open through its group" hold_open $DEV2
is "$(sysfs-write $cur 'alternate\n')" "error EBUSY" "group open: alternate gives EBUSY"
release_hold

for d in $DEV1 $DEV2; do bind_to $d virtio-pci; done
is "$(driver_of $DEV1) $(driver_of $DEV2)" "virtio-pci virtio-pci" "both devices back on virtio-pci"
