/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef VFIO_OPEN_H
#define VFIO_OPEN_H

/* Every fd a VFIO device open holds; -1 where unused. */
struct vfio_handle {
	int container;
	int group;
	int iommufd;
	int device;
};

/* Group + container + type1v2: returns 0, or -1 after printing why. */
int vfio_open_group(struct vfio_handle *h, const char *bdf);
void vfio_close(struct vfio_handle *h);

#endif
