// SPDX-License-Identifier: GPL-2.0-only
/*
 * VFIO variant driver for virtio-net devices with selectable profiles.
 *
 * native:       the device exactly as vfio-pci presents it.  The default.
 * transitional: a transitional virtio-net device (ID 0x1000) with a legacy
 *               I/O BAR0 whose registers the owner device (the PF) serves
 *               through virtio admin commands.  Opt-in, chosen through
 *               profiles/current under the vfio-dev device.
 *
 * The vfio_device_ops pointer is fixed when the device is allocated, so there
 * is one ops table, and it dispatches on the profile latched at open.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>
#include <linux/vfio_profile_compat.h>
#include <linux/virtio_ids.h>

#include "common.h"

/* Asked again on every read of available and every change. */
static bool virtio_vfio_transitional_available(struct vfio_device *core_vdev)
{
	return !virtio_legacy_blocker(to_virtio_vfio(core_vdev));
}

static const struct vfio_profile virtio_vfio_profiles[] = {
	[VIRTIO_VFIO_PROFILE_NATIVE] = {
		.name = "native",
	},
	[VIRTIO_VFIO_PROFILE_TRANSITIONAL] = {
		.name = "transitional",
		.available = virtio_vfio_transitional_available,
	},
};

static int virtio_vfio_open_native(struct virtio_vfio_device *vdev)
{
	struct vfio_pci_core_device *core = &vdev->core_device;
	int ret;

	ret = vfio_pci_core_enable(core);
	if (ret)
		return ret;
	vfio_pci_core_finish_enable(core);
	return 0;
}

static int virtio_vfio_open_transitional(struct virtio_vfio_device *vdev)
{
	struct vfio_pci_core_device *core = &vdev->core_device;
	int ret;

	ret = vfio_pci_core_enable(core);
	if (ret)
		return ret;
	ret = virtio_legacy_open(vdev);
	if (ret) {
		vfio_pci_core_disable(core);
		return ret;
	}
	vfio_pci_core_finish_enable(core);
	return 0;
}

static bool virtio_vfio_transitional(struct virtio_vfio_device *vdev)
{
	return vfio_profile_active(&vdev->profiles) == VIRTIO_VFIO_PROFILE_TRANSITIONAL;
}

static int virtio_vfio_open_device(struct vfio_device *core_vdev)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);
	int ret;

	if (vfio_profile_open_device(&vdev->profiles) == VIRTIO_VFIO_PROFILE_TRANSITIONAL)
		ret = virtio_vfio_open_transitional(vdev);
	else
		ret = virtio_vfio_open_native(vdev);
	if (ret)
		vfio_profile_close_device(&vdev->profiles);
	return ret;
}

static void virtio_vfio_close_device(struct vfio_device *core_vdev)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);
	bool transitional = virtio_vfio_transitional(vdev);

	if (transitional)
		virtio_legacy_close(vdev);
	vfio_pci_core_close_device(core_vdev);
	/*
	 * vfio_pci_core_disable() resets the function with
	 * __pci_reset_function_locked(), which skips the reset_done handler;
	 * !needs_reset says a reset happened.  After a bus reset the owner
	 * hears it twice, which is harmless: the notice is idempotent.
	 */
	if (transitional && !vdev->core_device.needs_reset)
		virtio_legacy_reset_done(vdev);
	vfio_profile_close_device(&vdev->profiles);
}

static ssize_t virtio_vfio_read(struct vfio_device *core_vdev, char __user *buf,
				size_t count, loff_t *ppos)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);

	if (virtio_vfio_transitional(vdev))
		return virtio_legacy_read(vdev, buf, count, ppos);
	return vfio_pci_core_read(core_vdev, buf, count, ppos);
}

static ssize_t virtio_vfio_write(struct vfio_device *core_vdev,
				 const char __user *buf, size_t count,
				 loff_t *ppos)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);

	if (virtio_vfio_transitional(vdev))
		return virtio_legacy_write(vdev, buf, count, ppos);
	return vfio_pci_core_write(core_vdev, buf, count, ppos);
}

/*
 * Region info: the transitional profile describes its own BAR0.  From 6.19
 * vfio core asks through get_region_info_caps, before through the ioctl.
 */
#ifdef VFIO_PROFILE_HAVE_REGION_INFO_OP
static int virtio_vfio_get_region_info_caps(struct vfio_device *core_vdev,
					    struct vfio_region_info *info,
					    struct vfio_info_cap *caps)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);

	if (virtio_vfio_transitional(vdev))
		return virtio_legacy_get_region_info(vdev, info, caps);
	return vfio_pci_ioctl_get_region_info(core_vdev, info, caps);
}
#else
static long virtio_vfio_ioctl(struct vfio_device *core_vdev, unsigned int cmd,
			      unsigned long arg)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);

	if (virtio_vfio_transitional(vdev))
		return virtio_legacy_ioctl(vdev, cmd, arg);
	return vfio_pci_core_ioctl(core_vdev, cmd, arg);
}
#endif

static int virtio_vfio_init_dev(struct vfio_device *core_vdev)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);
	int ret;

	/* kmalloc: the owner may DMA into it (see struct virtio_vfio_device). */
	vdev->owner_buf = kzalloc(VIRTIO_LEGACY_MAX_ACCESS, GFP_KERNEL);
	if (!vdev->owner_buf)
		return -ENOMEM;
	mutex_init(&vdev->legacy_lock);
	ret = vfio_pci_core_init_dev(core_vdev);
	if (ret) {
		/* vfio core calls release only after a successful init. */
		mutex_destroy(&vdev->legacy_lock);
		kfree(vdev->owner_buf);
	}
	return ret;
}

static void virtio_vfio_release_dev(struct vfio_device *core_vdev)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);

	if (vdev->owner.ops && vdev->owner.ops->detach)
		vdev->owner.ops->detach(&vdev->owner);
	mutex_destroy(&vdev->legacy_lock);
	kfree(vdev->owner_buf);
	vfio_pci_core_release_dev(core_vdev);
}

static const struct vfio_device_ops virtio_vfio_ops = {
	.name		= "virtio-vfio-profile",
	.init		= virtio_vfio_init_dev,
	.release	= virtio_vfio_release_dev,
	.open_device	= virtio_vfio_open_device,
	.close_device	= virtio_vfio_close_device,
#ifdef VFIO_PROFILE_HAVE_REGION_INFO_OP
	.ioctl		= vfio_pci_core_ioctl,
	.get_region_info_caps = virtio_vfio_get_region_info_caps,
#else
	.ioctl		= virtio_vfio_ioctl,
#endif
	.device_feature	= vfio_pci_core_ioctl_feature,
	.read		= virtio_vfio_read,
	.write		= virtio_vfio_write,
	.mmap		= vfio_pci_core_mmap,
	.request	= vfio_pci_core_request,
	.match		= vfio_pci_core_match,
#ifdef VFIO_PROFILE_HAVE_MATCH_TOKEN_OP
	.match_token_uuid = vfio_pci_core_match_token_uuid,
#endif
	.bind_iommufd	= vfio_iommufd_physical_bind,
	.unbind_iommufd	= vfio_iommufd_physical_unbind,
	.attach_ioas	= vfio_iommufd_physical_attach_ioas,
	.detach_ioas	= vfio_iommufd_physical_detach_ioas,
};

static int virtio_vfio_attach_owner(struct virtio_vfio_device *vdev)
{
	vdev->owner.member = vdev->core_device.pdev;
	vdev->owner.ops = &virtio_legacy_owner_admin;
#ifdef VIRTIO_VFIO_PROFILE_SIM
	/* Test builds: the simulated owner takes the devices it was given. */
	return virtio_legacy_sim_attach(&vdev->owner);
#else
	return 0;
#endif
}

static int virtio_vfio_probe(struct pci_dev *pdev,
			     const struct pci_device_id *id)
{
	struct virtio_vfio_device *vdev;
	const char *blocker;
	int ret;

	vdev = vfio_alloc_device(virtio_vfio_device, core_device.vdev,
				 &pdev->dev, &virtio_vfio_ops);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);

	ret = virtio_vfio_attach_owner(vdev);
	if (ret)
		goto out_put;
	/* Probe never fails for this: native is always there. */
	blocker = virtio_legacy_blocker(vdev);
	if (blocker)
		pci_info(pdev, "transitional profile unavailable: %s\n", blocker);

	/* Before registration, so profiles/ exists at the vfio-dev add event. */
	ret = vfio_profile_init(&vdev->profiles, &vdev->core_device.vdev,
				virtio_vfio_profiles,
				ARRAY_SIZE(virtio_vfio_profiles));
	if (ret)
		goto out_put;

	dev_set_drvdata(&pdev->dev, &vdev->core_device);
	ret = vfio_pci_core_register_device(&vdev->core_device);
	if (ret)
		goto out_put;
	return 0;

out_put:
	vfio_put_device(&vdev->core_device.vdev);
	return ret;
}

static void virtio_vfio_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *core = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(core);
	vfio_put_device(&core->vdev);
}

/*
 * Modern virtio-net only.  Bound through driver_override alone: the device's
 * own driver keeps every device unless an operator or libvirt asks for this
 * one.
 */
static const struct pci_device_id virtio_vfio_table[] = {
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_REDHAT_QUMRANET,
					  VIRTIO_VFIO_NET_DEVICE_ID) },
	{}
};
MODULE_DEVICE_TABLE(pci, virtio_vfio_table);

/* A reset clears the state the device itself does not hold. */
static void virtio_vfio_reset_done(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *core = dev_get_drvdata(&pdev->dev);

	virtio_legacy_reset_done(to_virtio_vfio(&core->vdev));
}

static const struct pci_error_handlers virtio_vfio_err_handlers = {
	.error_detected	= vfio_pci_core_aer_err_detected,
	.reset_done	= virtio_vfio_reset_done,
};

/*
 * Named after the module: libvirt binds the module it finds in
 * modules.alias by writing that name to driver_override.
 */
static struct pci_driver virtio_vfio_pci_driver = {
	.name			= KBUILD_MODNAME,
	.id_table		= virtio_vfio_table,
	.probe			= virtio_vfio_probe,
	.remove			= virtio_vfio_remove,
	.err_handler		= &virtio_vfio_err_handlers,
	.driver_managed_dma	= true,
};

#ifdef VIRTIO_VFIO_PROFILE_SIM
static int __init virtio_vfio_init(void)
{
	int ret;

	ret = virtio_legacy_sim_init();
	if (ret)
		return ret;
	ret = pci_register_driver(&virtio_vfio_pci_driver);
	if (ret)
		virtio_legacy_sim_exit();
	return ret;
}

static void __exit virtio_vfio_exit(void)
{
	pci_unregister_driver(&virtio_vfio_pci_driver);
	virtio_legacy_sim_exit();
}

module_init(virtio_vfio_init);
module_exit(virtio_vfio_exit);
#else
module_pci_driver(virtio_vfio_pci_driver);
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VFIO variant driver for virtio-net devices, with native and transitional (legacy I/O BAR) profiles");
