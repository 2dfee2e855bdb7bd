# SPDX-License-Identifier: GPL-2.0-only
# Where the testbed's PF puts a VF's legacy doorbell (LEGACY_NOTIFY_INFO):
# the VF's modern memory BAR, past its notify area (tests/qemu/patches/0003).
DOORBELL_BAR=4
DOORBELL_OFFSET=0x4000
