// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening a VFIO device the way a VMM does: group + container + type1
 * IOMMU (the only interface of a kernel without IOMMUFD).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "errname.h"
#include "vfio-open.h"

static int group_of(const char *bdf)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *slash;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	slash = strrchr(target, '/');
	return slash ? atoi(slash + 1) : -1;
}

int vfio_open_group(struct vfio_handle *h, const char *bdf)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[64];
	int grp;

	memset(h, 0, sizeof(*h));
	h->container = h->group = h->device = h->iommufd = -1;
	grp = group_of(bdf);
	if (grp < 0) {
		fprintf(stderr, "vfio-client: %s: no IOMMU group\n", bdf);
		return -1;
	}
	h->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (h->container < 0) {
		fprintf(stderr, "vfio-client: /dev/vfio/vfio: %s\n", strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%d", grp);
	h->group = open(path, O_RDWR | O_CLOEXEC);
	if (h->group < 0) {
		fprintf(stderr, "vfio-client: %s: open %s: %s\n", bdf, path, errname(errno));
		return -1;
	}
	if (ioctl(h->group, VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		fprintf(stderr, "vfio-client: %s: group %d not viable\n", bdf, grp);
		return -1;
	}
	if (ioctl(h->group, VFIO_GROUP_SET_CONTAINER, &h->container) ||
	    ioctl(h->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		fprintf(stderr, "vfio-client: %s: container set-up: %s\n", bdf, errname(errno));
		return -1;
	}
	h->device = ioctl(h->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (h->device < 0) {
		fprintf(stderr, "vfio-client: %s: open device: %s\n", bdf, errname(errno));
		return -1;
	}
	return 0;
}

void vfio_close(struct vfio_handle *h)
{
	if (h->device >= 0)
		close(h->device);
	if (h->group >= 0)
		close(h->group);
	if (h->container >= 0)
		close(h->container);
	if (h->iommufd >= 0)
		close(h->iommufd);
}
