// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding an access to the emulated legacy I/O BAR0.
 *
 * Legacy drivers access I/O ports 1, 2 or 4 bytes at a time, never across
 * two registers areas.  An owner command addresses one area (common or
 * device config) with an offset relative to it, so an access must fall in
 * one area.  QUEUE_NOTIFY is not an owner command: it is forwarded to the
 * member's own doorbell and is taken only as exactly the 16-bit register.
 */
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/virtio_pci.h>

#include "legacy.h"

/**
 * virtio_legacy_bar0_decode - route a BAR0 access
 * @pos: offset in BAR0
 * @count: access size in bytes, not 0
 * @msix: whether the user has MSI-X enabled (moves device config to 24)
 * @area: where the access goes
 * @offset: the offset relative to @area
 *
 * Return: 0, or -EINVAL for an access outside BAR0, of a size other than 1,
 * 2 or 4, touching QUEUE_NOTIFY other than as its 16 bits, or spanning the
 * common/device boundary.
 */
int virtio_legacy_bar0_decode(u64 pos, size_t count, bool msix,
			      enum virtio_legacy_area *area, u8 *offset)
{
	u64 end = pos + count;
	unsigned int boundary = VIRTIO_PCI_CONFIG_OFF(msix);

	if (count != 1 && count != 2 && count != 4)
		return -EINVAL;
	if (pos >= VIRTIO_LEGACY_BAR0_SIZE || end > VIRTIO_LEGACY_BAR0_SIZE)
		return -EINVAL;

	if (pos < VIRTIO_PCI_QUEUE_NOTIFY + sizeof(u16) &&
	    end > VIRTIO_PCI_QUEUE_NOTIFY) {
		if (pos != VIRTIO_PCI_QUEUE_NOTIFY || count != sizeof(u16))
			return -EINVAL;
		*area = VIRTIO_LEGACY_NOTIFY;
		*offset = 0;
		return 0;
	}
	if (end <= boundary) {
		*area = VIRTIO_LEGACY_COMMON;
		*offset = pos;
		return 0;
	}
	if (pos >= boundary) {
		*area = VIRTIO_LEGACY_DEVICE;
		*offset = pos - boundary;
		return 0;
	}
	return -EINVAL;
}
