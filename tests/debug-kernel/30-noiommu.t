#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# VFIO's no-IOMMU mode on the debug kernel: a VM without a virtual IOMMU,
# running tests/vm/guest/tests/62-noiommu.sh, then the same log scan.
set -u
. "$(dirname "$0")/lib.sh"
vm_run noiommu --no-iommu --append \
	'VMTEST_TESTS="/tests/tests/62-noiommu.sh /tests/tests/64-debug-kernel.sh /tests/tests/99-health.sh"'
