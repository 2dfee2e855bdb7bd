/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VIRTIO_VFIO_COMMON_H
#define VIRTIO_VFIO_COMMON_H

#include <linux/mutex.h>
#include <linux/vfio_pci_core.h>
#include <linux/vfio_profile.h>
#include <linux/vfio_profile_compat.h>
#include <linux/virtio_ids.h>

#include "legacy.h"
#include "owner.h"

/* Modern virtio PCI device IDs are 0x1040 + the device type (spec 4.1.2.1). */
#define VIRTIO_VFIO_NET_DEVICE_ID	(0x1040 + VIRTIO_ID_NET)

/* Indexes into virtio_vfio_profiles[]; native is the baseline (index 0). */
enum virtio_vfio_profile {
	VIRTIO_VFIO_PROFILE_NATIVE,
	VIRTIO_VFIO_PROFILE_TRANSITIONAL,
};

struct virtio_vfio_device {
	struct vfio_pci_core_device core_device;
	struct vfio_profile_set profiles;
	struct virtio_legacy_owner owner;
	/* Transitional profile, valid between open and close: */
	void __iomem *notify_addr;
	/* Serialises owner commands, owner_buf and the shadow registers. */
	struct mutex legacy_lock;
	struct virtio_legacy_shadow shadow;
	/*
	 * Data of every owner command.  The owner may DMA into it (the admin
	 * helpers hand it to the PF's admin queue as a scatterlist), so it is
	 * heap memory: never a stack buffer (VMAP_STACK), never vmalloc.
	 */
	u8 *owner_buf;
};

static inline struct virtio_vfio_device *
to_virtio_vfio(struct vfio_device *core_vdev)
{
	return container_of(core_vdev, struct virtio_vfio_device,
			    core_device.vdev);
}

/* legacy_io.c: the transitional profile */
const char *virtio_legacy_blocker(struct virtio_vfio_device *vdev);
int virtio_legacy_open(struct virtio_vfio_device *vdev);
void virtio_legacy_close(struct virtio_vfio_device *vdev);
ssize_t virtio_legacy_read(struct virtio_vfio_device *vdev, char __user *buf,
			   size_t count, loff_t *ppos);
ssize_t virtio_legacy_write(struct virtio_vfio_device *vdev,
			    const char __user *buf, size_t count, loff_t *ppos);
#ifdef VFIO_PROFILE_HAVE_REGION_INFO_OP
int virtio_legacy_get_region_info(struct virtio_vfio_device *vdev,
				  struct vfio_region_info *info,
				  struct vfio_info_cap *caps);
#else
long virtio_legacy_ioctl(struct virtio_vfio_device *vdev, unsigned int cmd,
			 unsigned long arg);
#endif
void virtio_legacy_reset_done(struct virtio_vfio_device *vdev);

#endif /* VIRTIO_VFIO_COMMON_H */
