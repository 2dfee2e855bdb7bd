#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-owner tier (tests/vm/owner.t) on the debug kernel: SR-IOV VFs of
# a PF with the virtio admin queue, served by the release build through
# Linux's virtio_pci_admin_legacy_*() helpers, under KASAN, lockdep,
# DEBUG_SG and DEBUG_VIRTUAL.  DEBUG_SG turns a result buffer no device
# could reach by DMA (a stack buffer: VMAP_STACK) into a BUG in
# sg_init_one(), which the log scan reports.
set -u
. "$(dirname "$0")/lib.sh"
if [[ ! -f $top/build/qemu.mk ]]; then
	echo "Bail out! no build/qemu.mk: make setup builds the testbed QEMU"
	exit 1
fi
VM_RELEASE_DIR=$dbg/release vm_run owner --topology sriov --hostctl --scenario owner
