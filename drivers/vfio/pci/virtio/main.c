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
#include <linux/pci.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>
#include <linux/virtio_ids.h>

#include "common.h"

/*
 * The legacy I/O BAR emulation is not implemented yet: until it is, the
 * profile is declared (so the ABI is complete) but never offered.
 */
static bool virtio_vfio_transitional_available(struct vfio_device *core_vdev)
{
	return false;
}

static const struct vfio_profile virtio_vfio_profiles[] = {
	[VIRTIO_VFIO_PROFILE_NATIVE] = {
		.name = "native",
		.description = "the virtio-net device as the host sees it, as vfio-pci presents it",
	},
	[VIRTIO_VFIO_PROFILE_TRANSITIONAL] = {
		.name = "transitional",
		.description = "transitional virtio-net with a legacy I/O BAR0 served by the owner device",
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

static int virtio_vfio_open_device(struct vfio_device *core_vdev)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);
	int ret;

	switch (vfio_profile_open_device(&vdev->profiles)) {
	case VIRTIO_VFIO_PROFILE_NATIVE:
		ret = virtio_vfio_open_native(vdev);
		break;
	default:
		/* Never selectable while unavailable; refuse rather than guess. */
		ret = -EOPNOTSUPP;
		break;
	}
	if (ret)
		vfio_profile_close_device(&vdev->profiles);
	return ret;
}

static void virtio_vfio_close_device(struct vfio_device *core_vdev)
{
	struct virtio_vfio_device *vdev = to_virtio_vfio(core_vdev);

	vfio_pci_core_close_device(core_vdev);
	vfio_profile_close_device(&vdev->profiles);
}

static const struct vfio_device_ops virtio_vfio_ops = {
	.name		= "virtio-vfio-profile",
	.init		= vfio_pci_core_init_dev,
	.release	= vfio_pci_core_release_dev,
	.open_device	= virtio_vfio_open_device,
	.close_device	= virtio_vfio_close_device,
	.ioctl		= vfio_pci_core_ioctl,
	.device_feature	= vfio_pci_core_ioctl_feature,
	.read		= vfio_pci_core_read,
	.write		= vfio_pci_core_write,
	.mmap		= vfio_pci_core_mmap,
	.request	= vfio_pci_core_request,
	.match		= vfio_pci_core_match,
	.bind_iommufd	= vfio_iommufd_physical_bind,
	.unbind_iommufd	= vfio_iommufd_physical_unbind,
	.attach_ioas	= vfio_iommufd_physical_attach_ioas,
	.detach_ioas	= vfio_iommufd_physical_detach_ioas,
};

static int virtio_vfio_probe(struct pci_dev *pdev,
			     const struct pci_device_id *id)
{
	struct virtio_vfio_device *vdev;
	int ret;

	vdev = vfio_alloc_device(virtio_vfio_device, core_device.vdev,
				 &pdev->dev, &virtio_vfio_ops);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);

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
 * Modern virtio-net only (device ID 0x1040 + VIRTIO_ID_NET).  Bound through
 * driver_override alone: the device's own driver keeps every device unless an
 * operator or libvirt asks for this one.
 */
static const struct pci_device_id virtio_vfio_table[] = {
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_REDHAT_QUMRANET,
					  0x1040 + VIRTIO_ID_NET) },
	{}
};
MODULE_DEVICE_TABLE(pci, virtio_vfio_table);

static struct pci_driver virtio_vfio_pci_driver = {
	.name			= "virtio-vfio-profile",
	.id_table		= virtio_vfio_table,
	.probe			= virtio_vfio_probe,
	.remove			= virtio_vfio_remove,
	.err_handler		= &vfio_pci_core_err_handlers,
	.driver_managed_dma	= true,
};
module_pci_driver(virtio_vfio_pci_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VFIO variant driver for virtio-net devices with native and transitional profiles");
