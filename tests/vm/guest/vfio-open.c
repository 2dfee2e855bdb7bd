// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening a VFIO device the way a VMM does: group + container + type1
 * IOMMU (the only interface of a kernel without IOMMUFD); on kernels with
 * IOMMUFD also the device cdev + iommufd, and the no-IOMMU group mode.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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

/*
 * Group + container: the only interface of a kernel without IOMMUFD.  With
 * no-IOMMU mode the group node is noiommu-N and the container's IOMMU type
 * is VFIO_NOIOMMU_IOMMU; everything else is the same sequence.
 */
static int open_through_group(struct vfio_handle *h, const char *bdf,
			      const char *node_prefix, unsigned long iommu_type)
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
	if (ioctl(h->container, VFIO_CHECK_EXTENSION, iommu_type) != 1) {
		fprintf(stderr, "vfio-client: the container offers no IOMMU type %lu\n", iommu_type);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%s%d", node_prefix, grp);
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
	    ioctl(h->container, VFIO_SET_IOMMU, iommu_type)) {
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

int vfio_open_group(struct vfio_handle *h, const char *bdf)
{
	return open_through_group(h, bdf, "", VFIO_TYPE1v2_IOMMU);
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

#if __has_include(<linux/iommufd.h>) && defined(VFIO_DEVICE_BIND_IOMMUFD)
#include <linux/iommufd.h>

/* The vfio-dev name of a bound device (vfioN), for its cdev. */
static int vfio_dev_name(const char *bdf, char *name, size_t size)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int ret = -1;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (!strncmp(de->d_name, "vfio", 4) && strlen(de->d_name) < size) {
			memcpy(name, de->d_name, strlen(de->d_name) + 1);
			ret = 0;
			break;
		}
	}
	closedir(dir);
	return ret;
}

int vfio_open_cdev(struct vfio_handle *h, const char *bdf)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	char name[64], path[128];

	memset(h, 0, sizeof(*h));
	h->container = h->group = h->device = h->iommufd = -1;
	if (vfio_dev_name(bdf, name, sizeof(name))) {
		fprintf(stderr, "vfio-client: %s: no vfio-dev device (not bound to a VFIO driver?)\n", bdf);
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/vfio/devices/%s", name);
	h->device = open(path, O_RDWR | O_CLOEXEC);
	if (h->device < 0) {
		fprintf(stderr, "vfio-client: %s: open %s: %s\n", bdf, path, errname(errno));
		return -1;
	}
	h->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (h->iommufd < 0) {
		fprintf(stderr, "vfio-client: /dev/iommu: %s\n", errname(errno));
		return -1;
	}
	bind.iommufd = h->iommufd;
	if (ioctl(h->device, VFIO_DEVICE_BIND_IOMMUFD, &bind)) {
		fprintf(stderr, "vfio-client: %s: VFIO_DEVICE_BIND_IOMMUFD: %s\n", bdf, errname(errno));
		return -1;
	}
	if (ioctl(h->iommufd, IOMMU_IOAS_ALLOC, &alloc)) {
		fprintf(stderr, "vfio-client: IOMMU_IOAS_ALLOC: %s\n", errname(errno));
		return -1;
	}
	h->ioas = alloc.out_ioas_id;
	attach.pt_id = h->ioas;
	if (ioctl(h->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach)) {
		fprintf(stderr, "vfio-client: %s: VFIO_DEVICE_ATTACH_IOMMUFD_PT: %s\n", bdf, errname(errno));
		return -1;
	}
	return 0;
}

static int ioas_map_test(struct vfio_handle *h, void *mem, size_t len)
{
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = h->ioas,
		.user_va = (uintptr_t)mem,
		.length = len,
		.iova = 1ULL << 32,
	};
	struct iommu_ioas_unmap unmap = {
		.size = sizeof(unmap),
		.ioas_id = h->ioas,
		.iova = map.iova,
		.length = len,
	};

	if (ioctl(h->iommufd, IOMMU_IOAS_MAP, &map))
		return -errno;
	if (ioctl(h->iommufd, IOMMU_IOAS_UNMAP, &unmap))
		return -errno;
	return unmap.length == len ? 0 : -EIO;
}
#else
int vfio_open_cdev(struct vfio_handle *h, const char *bdf)
{
	memset(h, 0, sizeof(*h));
	h->container = h->group = h->device = h->iommufd = -1;
	fprintf(stderr, "vfio-client: %s: built without the iommufd uapi (linux-libc-dev < 6.6)\n", bdf);
	errno = ENOSYS;
	return -1;
}

static int ioas_map_test(struct vfio_handle *h, void *mem, size_t len)
{
	(void)h, (void)mem, (void)len;
	return -ENOSYS;
}
#endif

int vfio_open_noiommu(struct vfio_handle *h, const char *bdf)
{
	return open_through_group(h, bdf, "noiommu-", VFIO_NOIOMMU_IOMMU);
}

static int type1_map_test(struct vfio_handle *h, void *mem, size_t len)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)mem,
		.iova = 1ULL << 32,
		.size = len,
	};
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = map.iova,
		.size = len,
	};

	if (ioctl(h->container, VFIO_IOMMU_MAP_DMA, &map))
		return -errno;
	if (ioctl(h->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -errno;
	return unmap.size == len ? 0 : -EIO;
}

int vfio_dma_map_test(struct vfio_handle *h, size_t len)
{
	void *mem;
	int ret;

	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return -errno;
	memset(mem, 0x5a, len);
	ret = h->iommufd >= 0 ? ioas_map_test(h, mem, len) : type1_map_test(h, mem, len);
	munmap(mem, len);
	return ret;
}

void *vfio_dma_map_keep(struct vfio_handle *h, uint64_t iova, size_t len)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.iova = iova,
		.size = len,
	};
	void *mem;

	if (h->container < 0) {
		errno = EOPNOTSUPP;
		return NULL;
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return NULL;
	map.vaddr = (uintptr_t)mem;
	if (ioctl(h->container, VFIO_IOMMU_MAP_DMA, &map)) {
		int err = errno;

		munmap(mem, len);
		errno = err;
		return NULL;
	}
	return mem;
}
