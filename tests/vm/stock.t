#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM suite on Debian's stock 6.12 kernel: one boot runs every guest test
# (tests/vm/guest/tests/) and this script reports their TAP, followed by the
# host's own checks of the boot.  VM_OUT moves its outputs (another tier
# runs it on another kernel: tests/newest-kernel/).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${VM_OUT:-$top/build/vm/check}
mkdir -p "$out"

# QEMU traces virtio notifies so that forwarding through the emulated BAR0
# is checked where it lands: on the device.
bash "$top/tests/vm/run.sh" --scenario check --out "$out" \
	--trace virtio_pci_notify_write 2> "$out.run.log"
rc=$?
sed 's/^/# /' "$out.run.log"
if ((rc)); then
	echo "not ok 1 - the VM gave a verdict"
	sed 's/^/#   /' "$out.run.log"
	echo "1..1"
	exit 1
fi

. "$top/tests/vm/report.sh"
vm_report "$out"
n=$((n + 1))
# 22-transitional-bar0.sh forwards notifies with the values 1 and 2.
notifies=$(grep -cE '^virtio_pci_notify_write 0x[0-9a-f]+ = 0x[12] \(2\)' "$out/qemu-trace.log" 2>/dev/null)
if ((notifies >= 2)); then
	echo "ok $n - QEMU's device saw the notifies forwarded from BAR0 ($notifies virtio_pci_notify_write)"
else
	echo "not ok $n - QEMU's device saw the notifies forwarded from BAR0 ($notifies virtio_pci_notify_write with val 1 or 2)"
	head -n 5 "$out/qemu-trace.log" | sed 's/^/#   /'
fi
echo "1..$n"
