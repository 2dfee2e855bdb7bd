// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only VFIO variant driver with two profiles that are always available,
 * "native" and "alternate", both behaving exactly as vfio-pci.  It exercises
 * the generic profile core (changes, events, the default parameter, latching)
 * on any PCI device, independently of the virtio driver whose second profile
 * depends on hardware.  Bound through driver_override only; never installed.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>
#include <linux/vfio_profile.h>
#include <linux/vfio_profile_compat.h>

enum { SAMPLE_NATIVE, SAMPLE_ALTERNATE };

struct sample_device {
	struct vfio_pci_core_device core_device;
	struct vfio_profile_set profiles;
};

static const struct vfio_profile sample_profiles[] = {
	[SAMPLE_NATIVE]	   = { .name = "native" },
	[SAMPLE_ALTERNATE] = { .name = "alternate" },
};

static struct sample_device *to_sample(struct vfio_device *core_vdev)
{
	return container_of(core_vdev, struct sample_device, core_device.vdev);
}

static int sample_open_device(struct vfio_device *core_vdev)
{
	struct sample_device *sdev = to_sample(core_vdev);
	unsigned int active = vfio_profile_open_device(&sdev->profiles);
	int ret;

	/* Tests read this line to check which profile an open latched. */
	dev_info(core_vdev->dev, "opened with profile %s\n",
		 sample_profiles[active].name);
	ret = vfio_pci_core_enable(&sdev->core_device);
	if (ret) {
		vfio_profile_close_device(&sdev->profiles);
		return ret;
	}
	vfio_pci_core_finish_enable(&sdev->core_device);
	return 0;
}

static void sample_close_device(struct vfio_device *core_vdev)
{
	vfio_pci_core_close_device(core_vdev);
	vfio_profile_close_device(&to_sample(core_vdev)->profiles);
}

static const struct vfio_device_ops sample_ops = {
	.name		= "vfio-profile-sample",
	.init		= vfio_pci_core_init_dev,
	.release	= vfio_pci_core_release_dev,
	.open_device	= sample_open_device,
	.close_device	= sample_close_device,
	.ioctl		= vfio_pci_core_ioctl,
#ifdef VFIO_PROFILE_HAVE_REGION_INFO_OP
	.get_region_info_caps = vfio_pci_ioctl_get_region_info,
#endif
	.device_feature	= vfio_pci_core_ioctl_feature,
	.read		= vfio_pci_core_read,
	.write		= vfio_pci_core_write,
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

static int sample_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct sample_device *sdev;
	int ret;

	sdev = vfio_alloc_device(sample_device, core_device.vdev, &pdev->dev,
				 &sample_ops);
	if (IS_ERR(sdev))
		return PTR_ERR(sdev);
	ret = vfio_profile_init(&sdev->profiles, &sdev->core_device.vdev,
				sample_profiles, ARRAY_SIZE(sample_profiles));
	if (ret)
		goto out_put;
	dev_set_drvdata(&pdev->dev, &sdev->core_device);
	ret = vfio_pci_core_register_device(&sdev->core_device);
	if (ret)
		goto out_put;
	return 0;

out_put:
	vfio_put_device(&sdev->core_device.vdev);
	return ret;
}

static void sample_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *core = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(core);
	vfio_put_device(&core->vdev);
}

static const struct pci_device_id sample_table[] = {
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_ANY_ID, PCI_ANY_ID) },
	{}
};

static struct pci_driver sample_driver = {
	.name			= "vfio-profile-sample",
	.id_table		= sample_table,
	.probe			= sample_probe,
	.remove			= sample_remove,
	.err_handler		= &vfio_pci_core_err_handlers,
	.driver_managed_dma	= true,
};
module_pci_driver(sample_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test-only VFIO variant driver exercising the vfio profile core");
