// SPDX-License-Identifier: GPL-2.0-only
/*
 * Selectable device profiles for VFIO variant drivers: the state of each
 * device and the API drivers call.  See include/linux/vfio_profile.h.
 *
 * Locking: the selection changes only under vdev->dev_set->lock, the lock
 * vfio core holds around open_device() and close_device().  A change is
 * refused while the device is open, so the profile latched at open stays in
 * force until the last close, and drivers read it without a lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/vfio.h>
#include <linux/vfio_profile.h>

#include "profile.h"

static char default_profile[VFIO_PROFILE_NAME_LEN + 1];
module_param_string(default_profile, default_profile, sizeof(default_profile), 0444);
MODULE_PARM_DESC(default_profile,
		 "Profile selected at probe, where the driver has it and the device can use it (default: the driver's baseline profile)");

bool vfio_profile_is_available(struct vfio_profile_set *set, unsigned int i)
{
	const struct vfio_profile *profile = &set->profiles[i];

	return !profile->available || profile->available(set->vdev);
}

static int vfio_profile_check_table(const struct vfio_profile *profiles,
				    unsigned int nr)
{
	unsigned int i, j;

	/* The baseline must always exist so that probe never fails on it. */
	if (!nr || profiles[0].available)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		if (!profiles[i].name || !vfio_profile_name_valid(profiles[i].name))
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (!strcmp(profiles[i].name, profiles[j].name))
				return -EINVAL;
	}
	return 0;
}

/*
 * A configfs policy for this device decides; a policy naming a profile this
 * device cannot use keeps the baseline (not the module default), so that what
 * the operator asked for and what happened differ only with a log line.
 */
static int vfio_profile_from_policy(struct vfio_profile_set *set)
{
	struct device *dev = set->vdev->dev;
	const char *baseline = set->profiles[0].name;
	char want[VFIO_PROFILE_NAME_LEN + 1];
	int i;

	if (!vfio_profile_policy_get(dev, want, set->rule))
		return -ENOENT;
	strscpy(set->rule_profile, want, sizeof(set->rule_profile));

	i = vfio_profile_lookup(set->profiles, set->nr_profiles, want, strlen(want));
	if (i < 0) {
		dev_info(dev, "configfs policy profile=%s is not a profile of this driver; using %s (item %s)\n",
			 want, baseline, set->rule);
		return 0;
	}
	if (!vfio_profile_is_available(set, i)) {
		dev_info(dev, "configfs policy profile=%s is not available on this device; using %s (item %s)\n",
			 want, baseline, set->rule);
		return 0;
	}
	dev_info(dev, "profile %s selected by configfs policy %s\n", want, set->rule);
	return i;
}

static unsigned int vfio_profile_initial(struct vfio_profile_set *set)
{
	struct device *dev = set->vdev->dev;
	const char *baseline = set->profiles[0].name;
	int i;

	/* What decided, for profiles/source; the policy overwrites it. */
	strscpy(set->rule, "baseline", sizeof(set->rule));
	strscpy(set->rule_profile, baseline, sizeof(set->rule_profile));
	i = vfio_profile_from_policy(set);
	if (i >= 0)
		return i;
	if (!default_profile[0])
		return 0;
	strscpy(set->rule, "default_profile", sizeof(set->rule));
	strscpy(set->rule_profile, default_profile, sizeof(set->rule_profile));

	i = vfio_profile_lookup(set->profiles, set->nr_profiles,
				default_profile, strlen(default_profile));
	if (i < 0) {
		dev_info(dev, "default_profile=%s is not a profile of this driver; using %s\n",
			 default_profile, baseline);
		return 0;
	}
	if (!vfio_profile_is_available(set, i)) {
		dev_info(dev, "default_profile=%s is not available on this device; using %s\n",
			 default_profile, baseline);
		return 0;
	}
	return i;
}

/**
 * vfio_profile_init - give a vfio device selectable profiles
 * @set: the profile state, embedded in the driver's device structure
 * @vdev: the vfio device, allocated and not yet registered
 * @profiles: the driver's profiles; profile 0 is the baseline
 * @nr_profiles: how many
 *
 * Call between vfio_alloc_device() and registration, so that the profiles/
 * directory exists when the vfio-dev device is announced.  Selects the
 * initial profile: the configfs policy for the device if there is one (the
 * baseline if it names a profile the device cannot use), else the module
 * parameter's where usable, else the baseline.
 *
 * Return: 0, or -EINVAL for a malformed profile table, or -EEXIST if the
 * vfio device already has sysfs attribute groups.
 */
int vfio_profile_init(struct vfio_profile_set *set, struct vfio_device *vdev,
		      const struct vfio_profile *profiles, unsigned int nr_profiles)
{
	if (WARN_ON(vfio_profile_check_table(profiles, nr_profiles)))
		return -EINVAL;
#ifdef VFIO_DEVICE_HAS_SYSFS_GROUPS
	if (WARN_ON(vdev->sysfs_groups))
		return -EEXIST;
#else
	if (WARN_ON(vdev->device.groups))
		return -EEXIST;
#endif

	set->vdev = vdev;
	set->profiles = profiles;
	set->nr_profiles = nr_profiles;
	set->open = false;
	set->selected = vfio_profile_initial(set);
	set->active = set->selected;

	/*
	 * The vfio-dev device is initialised but not yet added: attribute
	 * groups set now are created before its KOBJ_ADD uevent.
	 */
#ifdef VFIO_DEVICE_HAS_SYSFS_GROUPS
	vdev->sysfs_groups = vfio_profile_groups;
	vdev->sysfs_data = set;
#else
	/*
	 * Kernels without vfio core's sysfs_groups hook (every release so
	 * far): vfio core sets neither groups nor drvdata of its device.
	 */
	dev_set_drvdata(&vdev->device, set);
	vdev->device.groups = vfio_profile_groups;
#endif
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_profile_init);

/**
 * vfio_profile_open_device - latch the selected profile for this open
 * @set: the device's profile state
 *
 * Call first thing in the driver's open_device callback (vfio core holds
 * dev_set->lock there).  If open_device then fails, call
 * vfio_profile_close_device() before returning.
 *
 * Return: the index of the profile in force until close.
 */
unsigned int vfio_profile_open_device(struct vfio_profile_set *set)
{
	lockdep_assert_held(&set->vdev->dev_set->lock);
	WARN_ON(set->open);

	set->active = set->selected;
	set->open = true;
	return set->active;
}
EXPORT_SYMBOL_GPL(vfio_profile_open_device);

/**
 * vfio_profile_close_device - allow profile changes again
 * @set: the device's profile state
 *
 * Call from the driver's close_device callback, and on the error path of
 * open_device after vfio_profile_open_device().
 */
void vfio_profile_close_device(struct vfio_profile_set *set)
{
	lockdep_assert_held(&set->vdev->dev_set->lock);
	WARN_ON(!set->open);

	set->open = false;
}
EXPORT_SYMBOL_GPL(vfio_profile_close_device);

static int __init vfio_profile_module_init(void)
{
	int ret;

	if (default_profile[0] && !vfio_profile_name_valid(default_profile)) {
		pr_err("default_profile=%s is not a valid profile name\n",
		       default_profile);
		return -EINVAL;
	}
	ret = vfio_profile_policy_init();
	if (ret)
		pr_err("cannot register the configfs policy: %d\n", ret);
	return ret;
}

static void __exit vfio_profile_module_exit(void)
{
	vfio_profile_policy_exit();
}

module_init(vfio_profile_module_init);
module_exit(vfio_profile_module_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Selectable device profiles for VFIO variant drivers");
