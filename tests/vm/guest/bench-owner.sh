# SPDX-License-Identifier: GPL-2.0-only
# make bench, real-owner half, in the testbed VM (run.sh --topology sriov):
# P1 and P2 with a VF of the admin-queue PF, served by the release build
# through the PF's admin queue.  Ratios measured side by side in one boot.
. /tests/lib.sh

load_net_modules
P=/sys/bus/pci/devices/$(for d in /sys/bus/pci/devices/*; do
	[ -e $d/sriov_totalvfs ] && [ "$(cat $d/sriov_totalvfs)" = 4 ] && echo ${d##*/}; done)
echo 0 > $P/sriov_drivers_autoprobe
echo 1 > $P/sriov_numvfs
VF=$(basename $(readlink $P/virtfn0))
load_ours_release
bind_to $VF $OURS
set_profile $VF transitional
# The doorbell the PF names in LEGACY_NOTIFY_INFO (tests/qemu/README.md).
. /tests/owner-doorbell.sh
echo
echo "=== P1 (real owner): BAR0 register pread through the PF's admin queue (HOST_FEATURES) / config-space pread"
echo "    A = transitional BAR0 +0, 4 bytes; B = config space +0x40, 4 bytes (past the emulated header)"
vfio-client $VF write config 4 2 0x3 compare bar0:0:4:r config:0x40:4:r | tail -n 1
echo
echo "=== P2 (real owner): notify pwrite at BAR0 +16 (forwarded) / direct pwrite to the doorbell (BAR$DOORBELL_BAR +$DOORBELL_OFFSET)"
vfio-client $VF write config 4 2 0x3 compare bar0:16:2:w bar$DOORBELL_BAR:$DOORBELL_OFFSET:2:w | tail -n 1
echo
echo "=== bench done"
