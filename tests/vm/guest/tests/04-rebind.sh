# 20 unbind/rebind cycles leave no stale sysfs or /dev/vfio nodes.
. /tests/lib.sh

grp=$(iommu_group $DEV1)
bad=
for i in $(seq 20); do
	unbind $DEV1
	[ -e /dev/vfio/$grp ] && bad="$bad cycle$i:group-node-left"
	[ -n "$(ls /sys/bus/pci/devices/$DEV1/vfio-dev 2>/dev/null)" ] && bad="$bad cycle$i:vfio-dev-left"
	bind_to $DEV1 $OURS || bad="$bad cycle$i:bind-failed"
	n=$(ls -d /sys/bus/pci/devices/$DEV1/vfio-dev/vfio* 2>/dev/null | wc -l)
	[ "$n" = 1 ] || bad="$bad cycle$i:$n-vfio-devs"
	[ "$(cat $(vfio_dev $DEV1)/profiles/current 2>/dev/null)" = native ] || bad="$bad cycle$i:current"
done
is "$bad" "" "20 unbind/rebind cycles: one vfio-dev with profiles each time, nothing left between"

unbind $DEV1
n=0
for c in /sys/class/vfio-dev/*; do
	[ -e "$c" ] && [ "$(basename $(readlink $c/device))" = $DEV1 ] && n=$((n + 1))
done
is "$n" 0 "no /sys/class/vfio-dev entry for $DEV1 after unbind"
check "no /dev/vfio/$grp after unbind" test ! -e /dev/vfio/$grp
is "$(driver_of $DEV1)" none "the device is left without a driver"
check "rebind after the cycles" bind_to $DEV1 $OURS
