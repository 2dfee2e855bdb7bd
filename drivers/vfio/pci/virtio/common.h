/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VIRTIO_VFIO_COMMON_H
#define VIRTIO_VFIO_COMMON_H

#include <linux/vfio_pci_core.h>
#include <linux/vfio_profile.h>

/* Indexes into virtio_vfio_profiles[]; native is the baseline (index 0). */
enum virtio_vfio_profile {
	VIRTIO_VFIO_PROFILE_NATIVE,
	VIRTIO_VFIO_PROFILE_TRANSITIONAL,
};

struct virtio_vfio_device {
	struct vfio_pci_core_device core_device;
	struct vfio_profile_set profiles;
};

static inline struct virtio_vfio_device *
to_virtio_vfio(struct vfio_device *core_vdev)
{
	return container_of(core_vdev, struct virtio_vfio_device,
			    core_device.vdev);
}

#endif /* VIRTIO_VFIO_COMMON_H */
