/* SPDX-License-Identifier: GPL-2.0-only */
/* The one kernel PCI ID the transitional identity needs. */
#define PCI_VENDOR_ID_REDHAT_QUMRANET	0x1af4
