# SPDX-License-Identifier: GPL-2.0-only
# make bench, in the VM: ratios measured side by side in one boot.
. /tests/lib.sh

load_ours_sim $DEV1 > /dev/null
echo
echo "=== P3: bind+probe time per device, $OURS / vfio-pci (one boot, alternating order)"
unbind $DEV2
bind-bench $DEV2 30 $OURS vfio-pci

bind_to $DEV1 $OURS
set_profile $DEV1 transitional
notify=$(sed -n 's/^notify bar \([0-9]*\) offset \(0x[0-9a-f]*\)$/\1 \2/p' /sys/kernel/debug/virtio_vfio_profile/$DEV1/state)
set -- $notify
echo
echo "=== P1: BAR0 register pread through the owner (HOST_FEATURES, simulated owner) / config-space pread"
echo "    A = transitional BAR0 +0, 4 bytes; B = config space +0x40, 4 bytes (past the emulated header)"
vfio-client $DEV1 write config 4 2 0x3 compare bar0:0:4:r config:0x40:4:r | tail -n 1
echo
echo "=== P2: notify pwrite at BAR0 +16 (forwarded) / direct pwrite to the notify BAR (BAR$1 +$2)"
vfio-client $DEV1 write config 4 2 0x3 compare bar0:16:2:w bar$1:$2:2:w | tail -n 1
echo
echo "=== bench done"
