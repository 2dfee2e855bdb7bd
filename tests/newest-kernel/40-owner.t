#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-owner tier of tests/vm/owner.t (SR-IOV VFs of the patched QEMU's
# PF with the virtio admin queue, served by the release build through
# Linux's virtio_pci_admin_legacy_*()) on the newest kernel, then its kernel
# log scanned.
set -u
. "$(dirname "$0")/lib.sh"
newest_suite owner tests/vm/owner.t VM_RELEASE_DIR="$nw/release"
