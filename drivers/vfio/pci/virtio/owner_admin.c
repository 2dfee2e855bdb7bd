// SPDX-License-Identifier: GPL-2.0-only
/*
 * The production owner transport: the PF serves a VF's legacy registers
 * through virtio admin commands (virtio spec "Legacy Interfaces: A Note on
 * Transitional Device and its Group Owner"), issued by the virtio-pci
 * driver bound to the PF.  The exported helpers sleep on the PF's admin
 * queue and expect the caller to serialise commands per VF.
 *
 * Rule: every buffer handed to a virtio_pci_admin_*() helper is DMA-able
 * heap memory.  The read helpers build a scatterlist of the result buffer
 * and the PF writes the registers into it by DMA; with VMAP_STACK a stack
 * address is no linear-map address at all.
 *
 * No released QEMU implements the admin queue; the test suite runs this
 * backend against a PF that does (tests/qemu/), with Linux's own virtio-pci.
 */
#include <linux/errno.h>
#include <linux/pci.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_pci_admin.h>

#include "owner.h"

#if IS_ENABLED(CONFIG_VIRTIO_PCI_ADMIN_LEGACY)

static const char *admin_blocker(struct virtio_legacy_owner *owner)
{
	struct pci_dev *pdev = owner->member;

	if (!pdev->is_virtfn)
		return "not an SR-IOV virtual function";
	if (!virtio_pci_admin_has_legacy_io(pdev))
		return "the PF does not offer the legacy admin commands (virtio-pci unbound?)";
	return NULL;
}

static int admin_read(struct virtio_legacy_owner *owner,
		      enum virtio_legacy_area area, u8 offset, u8 size, u8 *buf)
{
	if (area == VIRTIO_LEGACY_COMMON)
		return virtio_pci_admin_legacy_common_io_read(owner->member,
							      offset, size, buf);
	return virtio_pci_admin_legacy_device_io_read(owner->member, offset,
						      size, buf);
}

static int admin_write(struct virtio_legacy_owner *owner,
		       enum virtio_legacy_area area, u8 offset, u8 size, u8 *buf)
{
	if (area == VIRTIO_LEGACY_COMMON)
		return virtio_pci_admin_legacy_common_io_write(owner->member,
							       offset, size, buf);
	return virtio_pci_admin_legacy_device_io_write(owner->member, offset,
						       size, buf);
}

static int admin_notify_info(struct virtio_legacy_owner *owner, u8 *bar,
			     u64 *offset)
{
	/* OWNER_MEM: a doorbell in the member's own memory BAR. */
	return virtio_pci_admin_legacy_io_notify_info(owner->member,
			VIRTIO_ADMIN_CMD_NOTIFY_INFO_FLAGS_OWNER_MEM, bar, offset);
}

const struct virtio_legacy_owner_ops virtio_legacy_owner_admin = {
	.blocker	= admin_blocker,
	.read		= admin_read,
	.write		= admin_write,
	.notify_info	= admin_notify_info,
};

#else /* !CONFIG_VIRTIO_PCI_ADMIN_LEGACY */

static const char *admin_blocker(struct virtio_legacy_owner *owner)
{
	return "the kernel has no virtio legacy admin support (VIRTIO_PCI_ADMIN_LEGACY, x86 only)";
}

const struct virtio_legacy_owner_ops virtio_legacy_owner_admin = {
	.blocker	= admin_blocker,
};

#endif
