# A real change emits KOBJ_CHANGE with VFIO_PROFILE=; the profile is latched
# at open.  Uses the test-only sample driver, whose two profiles are both
# always available.
. /tests/lib.sh

check "bind $DEV2 to the sample driver" bind_to $DEV2 $SAMPLE
v=$(readlink -f $(vfio_dev $DEV2))
is "$(cat $v/profiles/available)" "native alternate" "sample: both profiles available"

uevent-listen -r /tmp/ev.ready -t 1500 vfio-dev > /tmp/ev.out &
pid=$!
while [ ! -e /tmp/ev.ready ]; do usleep 10000; done
is "$(sysfs-write $v/profiles/current 'alternate\n')" "ok 10" "change to alternate"
is "$(cat $v/profiles/current)" alternate "current reads alternate"
is "$(sysfs-write $v/profiles/current alternate)" "ok 9" "writing alternate again succeeds"
wait $pid
rm -f /tmp/ev.ready
is "$(cat /tmp/ev.out)" "change /devices/${v#/sys/devices/} VFIO_PROFILE=alternate" \
   "exactly one change event, carrying VFIO_PROFILE=alternate"

check "hold $DEV2 open" hold_open $DEV2
is "$(sysfs-write $v/profiles/current native)" "error EBUSY" "sample open: EBUSY"
release_hold
check "the open latched alternate" sh -c "dmesg | grep -q '$DEV2: opened with profile alternate'"
is "$(sysfs-write $v/profiles/current native)" "ok 6" "after close: change back to native"
kmsg_mark
vfio-client $DEV2 info > /dev/null
dmesg_since_mark > /tmp/dm
check "the next open latched native" grep -q "$DEV2: opened with profile native" /tmp/dm
check "dmesg logged the change, naming the device" sh -c "dmesg | grep -q '$DEV2: profile changed from alternate to native'"
