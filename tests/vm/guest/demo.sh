# SPDX-License-Identifier: GPL-2.0-only
# make demo: what an operator sees, as a shell transcript on the console.
. /tests/lib.sh

show() { echo "# $*"; sh -c "$*" 2>&1; }

echo
echo "=== vfio-profile demo: Debian $(uname -r), virtio-net devices: $DEV1 $DEV2 $DEV3"
echo "--- $DEV1 and $DEV2 get a simulated owner (test build); $DEV3 has none"
load_ours_sim $DEV1 $DEV2 > /dev/null
echo "--- bind $DEV3 to $OURS, as libvirt does (driver_override, unbind, drivers_probe)"
show "echo $OURS > /sys/bus/pci/devices/$DEV3/driver_override"
show "echo $DEV3 > /sys/bus/pci/devices/$DEV3/driver/unbind"
show "echo $DEV3 > /sys/bus/pci/drivers_probe"
v=$(vfio_dev $DEV3)
show "ls $v/profiles/"
show "cat $v/profiles/available"
show "cat $v/profiles/current"
show "dmesg | grep '$DEV3: transitional profile unavailable'"
show "echo transitional > $v/profiles/current"

echo "--- persist a selection for $DEV1, then bind it: it comes up transitional"
show "vfio-profilectl define $DEV1 transitional"
show "cat /etc/vfio-profile.d/pci-$DEV1"
bind_to $DEV1 $OURS
w=$(vfio_dev $DEV1)
show "cat $w/profiles/available"
show "cat $w/profiles/current"
show "vfio-profilectl list"
echo "--- what a VMM reads through VFIO: device ID, revision, subsystem, BAR0 region"
show "vfio-client $DEV1 read config 2 2 read config 8 1 read config 0x2c 4 info | grep -v '^region [1-9]\\|^irq'"

echo "--- open the device through VFIO (as QEMU would) and try to change the profile:"
hold_open $DEV1 && echo "(device $DEV1 held open by vfio-client, pid $HOLD_PID)"
show "echo native > $w/profiles/current"
show "vfio-profilectl set $DEV1 native; echo exit code \$?"
show "echo transitional > $w/profiles/current; echo 'rewriting the current profile: ok'"
release_hold
echo "--- closed again: the change goes through and is announced"
uevent-listen -r /tmp/d.ready -n 1 -t 2000 vfio-dev > /tmp/d.ev &
while [ ! -e /tmp/d.ready ]; do usleep 10000; done
show "vfio-profilectl set $DEV1 native"
wait
echo "# (uevent seen by a netlink listener) $(cat /tmp/d.ev)"
show "vfio-client $DEV1 read config 2 2"
show "dmesg | grep -E 'profile' | tail -n 6"
echo "=== demo done"
