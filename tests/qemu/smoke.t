#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The testbed QEMU's own check (smoke.sh): its admin queue and legacy
# commands, driven from a guest by Linux's virtio_pci_admin_*() helpers
# directly, without our driver in between.  Part of make check.
exec bash "$(dirname "$0")/smoke.sh"
