/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIO_OPEN_H
#define VFIO_OPEN_H

#include <stddef.h>
#include <stdint.h>

/* Every fd a VFIO device open holds; -1 where unused. */
struct vfio_handle {
	int container;
	int group;
	int iommufd;
	int device;
	unsigned int ioas;	/* iommufd IOAS id (vfio_open_cdev) */
};

/* Group + container + type1v2: returns 0, or -1 after printing why. */
int vfio_open_group(struct vfio_handle *h, const char *bdf);
void vfio_close(struct vfio_handle *h);

/*
 * The device cdev: /dev/vfio/devices/vfioN bound to a new iommufd
 * (VFIO_DEVICE_BIND_IOMMUFD), attached to a new IOAS (IOMMU_IOAS_ALLOC,
 * VFIO_DEVICE_ATTACH_IOMMUFD_PT).  Returns 0, or -1 after printing why; a
 * build without the iommufd uapi (older linux-libc-dev) fails with ENOSYS.
 */
int vfio_open_cdev(struct vfio_handle *h, const char *bdf);
/* No-IOMMU mode: /dev/vfio/noiommu-N with a VFIO_NOIOMMU_IOMMU container. */
int vfio_open_noiommu(struct vfio_handle *h, const char *bdf);
/*
 * Map @len bytes of fresh memory for DMA through whatever the open set up
 * (IOAS or type1 container), check what was unmapped, unmap.  Returns 0 or
 * -errno.
 */
int vfio_dma_map_test(struct vfio_handle *h, size_t len);
/*
 * Map @len bytes of fresh, zeroed memory at @iova for the device (type1
 * container) and keep them mapped until the container closes: a test plays
 * the driver whose rings live there.  Returns the memory, or NULL with
 * errno set.
 */
void *vfio_dma_map_keep(struct vfio_handle *h, uint64_t iova, size_t len);

#endif
