/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel interfaces (vfio, vfio-pci-core, slab) that changed between the
 * kernels the modules are built and tested against (Linux 6.12 through 7.3,
 * see tests/build/matrix.t), in one place, with the upstream change that made
 * each difference.  Only the driver code includes it: legacy_config.c and
 * legacy_decode.c, which the unit tests compile in userspace, never do.
 *
 * In include/linux/ rather than next to the virtio driver because nothing
 * here is virtio's: any vfio-pci-core variant driver with profiles (the test
 * sample driver too) needs the same answers.
 */
#ifndef _LINUX_VFIO_PROFILE_COMPAT_H
#define _LINUX_VFIO_PROFILE_COMPAT_H

#include <linux/err.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

/*
 * The kernel of the headers is MAJOR.MINOR or newer: the same test as
 * LINUX_VERSION_CODE >= KERNEL_VERSION(major, minor, 0), spelled with the
 * LINUX_VERSION_MAJOR and LINUX_VERSION_PATCHLEVEL of <linux/version.h>.
 */
#define VFIO_PROFILE_KERNEL_SINCE(major, minor)				\
	(KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, 0) >=	\
	 KERNEL_VERSION(major, minor, 0))

/*
 * Linux 6.19, "vfio: Add get_region_info_caps op" and "vfio: Require drivers
 * to implement get_region_info": vfio core answers VFIO_DEVICE_GET_REGION_INFO
 * itself (it copies the header in, checks argsz, chains the capabilities and
 * copies the result out) and asks the driver for the contents through
 * ops->get_region_info_caps, vfio_pci_ioctl_get_region_info() for
 * vfio-pci-core.  ops->ioctl no longer sees the command; a driver without the
 * op fails it with -EINVAL.  Before, the command went to ops->ioctl
 * (vfio_pci_core_ioctl()), and a driver answered it there.
 */
#if VFIO_PROFILE_KERNEL_SINCE(6, 19)
#define VFIO_PROFILE_HAVE_REGION_INFO_OP
#endif

/*
 * Linux 6.17, "vfio/pci: Do vf_token checks for VFIO_DEVICE_BIND_IOMMUFD":
 * the VF token of a device opened through its vfio cdev is checked by
 * ops->match_token_uuid, vfio_pci_core_match_token_uuid() for vfio-pci-core;
 * without the op, binding rejects a token and checks none.  Before, only the
 * group path checked the token, through ops->match (vfio_pci_core_match(),
 * still used there).  The change added VFIO_DEVICE_BIND_FLAG_TOKEN to the
 * uapi header: testing it also finds the op on a stable kernel that took it.
 */
#ifdef VFIO_DEVICE_BIND_FLAG_TOKEN
#define VFIO_PROFILE_HAVE_MATCH_TOKEN_OP
#endif

/*
 * Linux 7.x, "slab: Introduce kmalloc_obj() and family": typed allocators,
 * which checkpatch asks for instead of kzalloc(sizeof(*p), gfp).  Before,
 * the same allocation spelled out; callers always pass the gfp flags,
 * which the newer macro makes optional.
 */
#ifndef kzalloc_obj
#define kzalloc_obj(P, GFP)	kzalloc(sizeof(P), GFP)
#endif

/**
 * vfio_profile_compat_iomap() - the kernel mapping of a BAR of an open device
 * @vdev: the device, between vfio_pci_core_enable() and vfio_pci_core_disable()
 * @bar: the BAR
 *
 * Linux 7.2, "vfio/pci: Replace vfio_pci_core_setup_barmap() with
 * vfio_pci_core_get_iomap()": vfio_pci_core_enable() requests and maps every
 * BAR, and vfio_pci_core_get_iomap() returns a mapping or why there is none.
 * Before, a driver mapped a BAR on demand with vfio_pci_core_setup_barmap()
 * and read vdev->barmap[].  On both, vfio_pci_core_disable() unmaps it.
 *
 * Return: the mapping, else an IOMEM_ERR_PTR(): -EBUSY if another driver
 * holds the BAR's resource, -ENOMEM if it cannot be mapped, -ENODEV if the
 * BAR is not mappable (7.2 and later), -EINVAL for a BAR that does not exist.
 */
static inline void __iomem *
vfio_profile_compat_iomap(struct vfio_pci_core_device *vdev, unsigned int bar)
{
#if VFIO_PROFILE_KERNEL_SINCE(7, 2)
	return vfio_pci_core_get_iomap(vdev, bar);
#else
	int ret;

	if (WARN_ON_ONCE(bar >= PCI_STD_NUM_BARS))
		return IOMEM_ERR_PTR(-EINVAL);
	ret = vfio_pci_core_setup_barmap(vdev, bar);
	if (ret)
		return IOMEM_ERR_PTR(ret);
	return vdev->barmap[bar];
#endif
}

#endif /* _LINUX_VFIO_PROFILE_COMPAT_H */
