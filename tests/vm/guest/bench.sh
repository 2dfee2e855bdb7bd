# SPDX-License-Identifier: GPL-2.0-only
# make bench, in the VM: ratios measured side by side in one boot.
. /tests/lib.sh

load_ours > /dev/null
echo
echo "=== P3: bind+probe time per device, $OURS / vfio-pci (one boot, alternating order)"
unbind $DEV1
bind-bench $DEV1 30 $OURS vfio-pci
echo "=== bench done"
