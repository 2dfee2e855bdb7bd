/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The owner transport: who serves the legacy registers of a member device.
 *
 * The owner is the PF, reached through the virtio admin commands that
 * virtio-pci exports (owner_admin.c).
 */
#ifndef VIRTIO_VFIO_OWNER_H
#define VIRTIO_VFIO_OWNER_H

#include <linux/types.h>

#include "legacy.h"

struct pci_dev;
struct virtio_legacy_owner;

/**
 * struct virtio_legacy_owner_ops - one way to reach the owner
 * @blocker: why the owner cannot serve @owner's member now, or NULL
 * @read: read @size bytes at @offset of @area (common or device config)
 * @write: write them
 * @notify_info: the member's own doorbell for legacy QUEUE_NOTIFY: a memory
 *	BAR of the member and the offset in it
 * @reset_done: the member was reset (FLR or VFIO_DEVICE_RESET); optional
 * @detach: release backend state; optional
 *
 * The caller serialises commands per member, and may sleep.  @buf of @read
 * and @write must be DMA-able (kmalloc'd; never on the stack, never
 * vmalloc'd): the admin backend hands it to the owner's admin queue.
 */
struct virtio_legacy_owner_ops {
	const char *(*blocker)(struct virtio_legacy_owner *owner);
	int (*read)(struct virtio_legacy_owner *owner, enum virtio_legacy_area area,
		    u8 offset, u8 size, u8 *buf);
	int (*write)(struct virtio_legacy_owner *owner, enum virtio_legacy_area area,
		     u8 offset, u8 size, u8 *buf);
	int (*notify_info)(struct virtio_legacy_owner *owner, u8 *bar, u64 *offset);
	void (*reset_done)(struct virtio_legacy_owner *owner);
	void (*detach)(struct virtio_legacy_owner *owner);
};

struct virtio_legacy_owner {
	const struct virtio_legacy_owner_ops *ops;
	struct pci_dev *member;
	void *priv;
};

extern const struct virtio_legacy_owner_ops virtio_legacy_owner_admin;

#ifdef VIRTIO_VFIO_PROFILE_SIM
/*
 * Test builds only (make check, never a release or DKMS build): a simulated
 * owner for the devices named by its sim_owner parameter (owner_sim.c);
 * attaching leaves the others with the admin backend and returns 0.
 */
int virtio_legacy_sim_attach(struct virtio_legacy_owner *owner);
int virtio_legacy_sim_init(void);
void virtio_legacy_sim_exit(void);
#endif

#endif /* VIRTIO_VFIO_OWNER_H */
