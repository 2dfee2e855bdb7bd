# transitional is offered only where the owner serves the legacy registers:
# here, the devices given a simulated owner.  Everyone else says why.
. /tests/lib.sh

kmsg_mark
check "reload with a simulated owner for $DEV1 and $DEV2" load_ours_sim $DEV1 $DEV2
check "bind $DEV1 (simulated owner)" bind_to $DEV1 $OURS
check "bind $DEV3 (no owner)" bind_to $DEV3 $OURS
is "$(cat $(vfio_dev $DEV1)/profiles/available)" "native transitional" "$DEV1: both profiles available"
is "$(cat $(vfio_dev $DEV1)/profiles/current)" native "$DEV1: native until asked otherwise (opt-in)"
is "$(cat $(vfio_dev $DEV3)/profiles/available)" native "$DEV3: only native"
dmesg_since_mark > /tmp/dm
check "probe logs why transitional is unavailable on $DEV3" \
	grep -q "$DEV3: transitional profile unavailable: not an SR-IOV virtual function" /tmp/dm
check "probe logs the simulated owner of $DEV1" \
	grep -q "$DEV1: legacy registers served by a simulated owner" /tmp/dm
is "$(sysfs-write $(vfio_dev $DEV3)/profiles/current transitional)" "error EOPNOTSUPP" \
   "$DEV3: transitional refused with EOPNOTSUPP"

uevent-listen -r /tmp/ev.ready -n 1 -t 2000 vfio-dev > /tmp/ev.out &
pid=$!
while [ ! -e /tmp/ev.ready ]; do usleep 10000; done
rm -f /tmp/ev.ready
is "$(sysfs-write $(vfio_dev $DEV1)/profiles/current 'transitional\n')" "ok 13" "$DEV1: select transitional"
wait $pid
check "the change event carries VFIO_PROFILE=transitional" grep -q 'VFIO_PROFILE=transitional' /tmp/ev.out
