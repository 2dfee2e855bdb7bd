#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kmemleak after 100 bind/unbind and 100 open/close cycles in every available
# profile of our driver, 25 of each for the test-only sample driver
# (63-kmemleak.sh), in a VM of its own so that it runs
# beside 20-vm.t (make check-debug runs the VMs with prove -j2); then the
# same log scan.
set -u
. "$(dirname "$0")/lib.sh"
vm_run kmemleak --append \
	'VMTEST_TESTS="/tests/tests/63-kmemleak.sh /tests/tests/64-debug-kernel.sh /tests/tests/99-health.sh"'
