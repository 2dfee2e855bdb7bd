// SPDX-License-Identifier: GPL-2.0-only
/*
 * The config header of the transitional device.
 *
 * The identity is overlaid on what vfio-pci-core returns, rather than kept in
 * the core's virtual config space (vconfig): the core's permission table for
 * the standard header is shared by all devices and virtualizes only vendor,
 * device and the BARs.  Revision and subsystem IDs go to hardware, and
 * vfio_bar_fixup() rebuilds BAR0 from the physical (absent) resource, so a
 * per-device identity in vconfig would need a core change.  The overlay
 * works byte by byte, so every partial or unaligned access sees exactly the
 * bytes of the emulated registers it covers.
 */
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>
#include <linux/types.h>
#include <linux/virtio_ids.h>
#include <asm/byteorder.h>

#include "legacy.h"

/* Copy the bytes of a register at @reg that fall inside [start, end). */
static void put_bytes(u8 *hdr, unsigned int start, unsigned int end,
		      unsigned int reg, const void *val, unsigned int len)
{
	const u8 *v = val;
	unsigned int i;

	for (i = 0; i < len; i++)
		if (reg + i >= start && reg + i < end)
			hdr[reg + i] = v[i];
}

static void get_bytes(const u8 *hdr, unsigned int start, unsigned int end,
		      unsigned int reg, void *val, unsigned int len)
{
	u8 *v = val;
	unsigned int i;

	for (i = 0; i < len; i++)
		if (reg + i >= start && reg + i < end)
			v[i] = hdr[reg + i];
}

bool virtio_legacy_io_enabled(const struct virtio_legacy_shadow *shadow)
{
	return le16_to_cpu(shadow->command) & PCI_COMMAND_IO;
}

/**
 * virtio_legacy_config_overlay - present the transitional identity
 * @shadow: what the user wrote to emulated registers
 * @hdr: image of the config header; bytes [start, end) hold what the core
 *	returned for this access and are rewritten in place
 * @start: first byte of the access, < VIRTIO_LEGACY_HEADER_LEN
 * @end: one past its last byte in the header, <= VIRTIO_LEGACY_HEADER_LEN
 *
 * Device ID 0x1000 (transitional net), revision 0 (transitional devices
 * must have it), subsystem vendor 0x1af4 and subsystem ID 1 (net; the legacy
 * driver and the Windows INF match on them), BAR0 a 32-byte I/O BAR with
 * vfio-pci's sizing semantics, and COMMAND.IO as the user last wrote it.
 */
void virtio_legacy_config_overlay(const struct virtio_legacy_shadow *shadow,
				  u8 *hdr, unsigned int start, unsigned int end)
{
	__le16 device = cpu_to_le16(VIRTIO_TRANS_ID_NET);
	__le16 svid = cpu_to_le16(PCI_VENDOR_ID_REDHAT_QUMRANET);
	__le16 ssid = cpu_to_le16(VIRTIO_ID_NET);
	u8 revision = 0;
	__le32 bar0;
	__le16 cmd = 0;
	u16 command;

	put_bytes(hdr, start, end, PCI_DEVICE_ID, &device, sizeof(device));
	put_bytes(hdr, start, end, PCI_REVISION_ID, &revision, sizeof(revision));
	put_bytes(hdr, start, end, PCI_SUBSYSTEM_VENDOR_ID, &svid, sizeof(svid));
	put_bytes(hdr, start, end, PCI_SUBSYSTEM_ID, &ssid, sizeof(ssid));

	/* Low bits read as the size mask, as for any BAR vfio-pci emulates. */
	bar0 = cpu_to_le32((le32_to_cpu(shadow->bar0) & ~(VIRTIO_LEGACY_BAR0_SIZE - 1)) |
			   PCI_BASE_ADDRESS_SPACE_IO);
	put_bytes(hdr, start, end, PCI_BASE_ADDRESS_0, &bar0, sizeof(bar0));

	/* The device has no I/O decode: IO is entirely the user's bit. */
	get_bytes(hdr, start, end, PCI_COMMAND, &cmd, sizeof(cmd));
	command = (le16_to_cpu(cmd) & ~PCI_COMMAND_IO) |
		  (le16_to_cpu(shadow->command) & PCI_COMMAND_IO);
	cmd = cpu_to_le16(command);
	put_bytes(hdr, start, end, PCI_COMMAND, &cmd, sizeof(cmd));
}

/**
 * virtio_legacy_config_capture - remember writes to emulated registers
 * @shadow: updated with the written bytes of COMMAND and BAR0
 * @hdr: image of the config header; bytes [start, end) hold what was written
 * @start: first byte written, < VIRTIO_LEGACY_HEADER_LEN
 * @end: one past the last byte written in the header
 */
void virtio_legacy_config_capture(struct virtio_legacy_shadow *shadow,
				  const u8 *hdr, unsigned int start,
				  unsigned int end)
{
	get_bytes(hdr, start, end, PCI_COMMAND, &shadow->command,
		  sizeof(shadow->command));
	get_bytes(hdr, start, end, PCI_BASE_ADDRESS_0, &shadow->bar0,
		  sizeof(shadow->bar0));
}
