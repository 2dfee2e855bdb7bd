# SPDX-License-Identifier: GPL-2.0-only
# make demo: what an operator sees, as a shell transcript on the console.
. /tests/lib.sh

show() { echo "# $*"; sh -c "$*" 2>&1; }

echo
echo "=== vfio-profile demo: Debian $(uname -r), virtio-net devices: $DEV1 $DEV2 $DEV3"
load_ours > /dev/null
echo "--- bind $DEV1 to $OURS, as libvirt does (driver_override, unbind, drivers_probe)"
show "echo $OURS > /sys/bus/pci/devices/$DEV1/driver_override"
show "echo $DEV1 > /sys/bus/pci/devices/$DEV1/driver/unbind"
show "echo $DEV1 > /sys/bus/pci/drivers_probe"
v=$(vfio_dev $DEV1)
show "ls $v/profiles/"
show "cat $v/profiles/available"
show "cat $v/profiles/current"
echo "--- transitional needs a virtio-net VF whose PF serves legacy admin commands; this one is not:"
show "echo transitional > $v/profiles/current"
echo "--- open the device through VFIO (as QEMU would) and try to change the profile:"
hold_open $DEV1 && echo "(device $DEV1 held open by vfio-client, pid $HOLD_PID)"
show "echo transitional > $v/profiles/current"
show "echo native > $v/profiles/current; echo 'rewriting the current profile: ok'"
release_hold
echo "--- a driver with two available profiles (the test driver $SAMPLE) changes while closed:"
bind_to $DEV2 $SAMPLE
w=$(vfio_dev $DEV2)
show "cat $w/profiles/available"
uevent-listen -r /tmp/d.ready -n 1 -t 2000 vfio-dev > /tmp/d.ev &
while [ ! -e /tmp/d.ready ]; do usleep 10000; done
show "echo alternate > $w/profiles/current"
wait
echo "# (uevent seen by a netlink listener) $(cat /tmp/d.ev)"
show "cat $w/profiles/current"
show "dmesg | grep -E 'profile|vfio_profile' | tail -n 5"
echo "=== demo done"
