/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transitional virtio-net device presented in the "transitional"
 * profile: its legacy I/O BAR0 layout and its emulated config header.
 *
 * Pure logic, no device access: legacy_config.c and legacy_decode.c are also
 * built into the userspace unit tests (tests/unit/) and KUnit.
 */
#ifndef VIRTIO_VFIO_LEGACY_H
#define VIRTIO_VFIO_LEGACY_H

#include <linux/pci_regs.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/virtio_net.h>
#include <linux/virtio_pci.h>

/*
 * BAR0: the legacy common registers as laid out with MSI-X enabled
 * (VIRTIO_PCI_CONFIG_OFF(true) = 24 bytes), then the part of struct
 * virtio_net_config a legacy driver uses: mac[6] and status (8 bytes).  A
 * power of two, as BAR sizing requires.
 */
#define VIRTIO_LEGACY_NET_CONFIG_LEN	offsetofend(struct virtio_net_config, status)
#define VIRTIO_LEGACY_BAR0_SIZE		(VIRTIO_PCI_CONFIG_OFF(true) + \
					 VIRTIO_LEGACY_NET_CONFIG_LEN)

/* Bytes of the standard config header the transitional identity touches. */
#define VIRTIO_LEGACY_HEADER_LEN	PCI_STD_HEADER_SIZEOF

/* The largest BAR0 access, and so the largest owner command's data. */
#define VIRTIO_LEGACY_MAX_ACCESS	sizeof(u32)

/*
 * What the user wrote to registers the device does not implement.  Little
 * endian, as in config space; cleared at open, kept across a reset as
 * vfio-pci-core keeps vconfig.
 */
struct virtio_legacy_shadow {
	__le32 bar0;		/* BAR0 as last written, before sizing */
	__le16 command;		/* COMMAND as last written; only IO is used */
};

/* Where a BAR0 access goes. */
enum virtio_legacy_area {
	VIRTIO_LEGACY_COMMON,	/* owner command: legacy common config */
	VIRTIO_LEGACY_DEVICE,	/* owner command: device (net) config */
	VIRTIO_LEGACY_NOTIFY,	/* the member's own notify doorbell */
};

int virtio_legacy_bar0_decode(u64 pos, size_t count, bool msix,
			      enum virtio_legacy_area *area, u8 *offset);

bool virtio_legacy_io_enabled(const struct virtio_legacy_shadow *shadow);
void virtio_legacy_config_overlay(const struct virtio_legacy_shadow *shadow,
				  u8 *hdr, unsigned int start, unsigned int end);
void virtio_legacy_config_capture(struct virtio_legacy_shadow *shadow,
				  const u8 *hdr, unsigned int start,
				  unsigned int end);

#endif /* VIRTIO_VFIO_LEGACY_H */
