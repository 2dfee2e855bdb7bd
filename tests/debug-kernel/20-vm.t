#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The whole VM suite (tests/vm/guest/tests/) on the debug kernel, with the
# virtual IOMMU: the stock tests, KUnit, the iommufd cdev, a kmemleak scan;
# then the kernel log is scanned for every detector's reports.  The kmemleak
# cycles (63-kmemleak.sh) boot their own VM (25-kmemleak.t), in parallel.
set -u
. "$(dirname "$0")/lib.sh"
vm_run iommu --append \
	'VMTEST_TESTS="/tests/tests/[0-5]*.sh /tests/tests/6[!3]*.sh /tests/tests/[7-9]*.sh"'
