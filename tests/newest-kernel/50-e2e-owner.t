#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-owner end-to-end test of tests/e2e/owner.t with the newest kernel
# as L1, the host of our driver: the release build serves VF1 to a nested
# guest (L2, Debian's own 6.12 kernel and drivers, on TCG), which moves real
# data through it in both profiles.  tests/e2e/owner.t is run unchanged: the
# test VM's kernel and modules are chosen the way run.sh and mkinitramfs.sh
# are told everywhere (VM_KVER, VM_KIMAGE, VM_MODULES_DIR), the release build
# with its own E2E_RELEASE_DIR.  Its outputs stay in build/e2e-owner/.
set -u
. "$(dirname "$0")/lib.sh"
console=$top/build/e2e-owner/vm/console.log \
	newest_suite e2e-owner tests/e2e/owner.t E2E_RELEASE_DIR="$nw/release"
