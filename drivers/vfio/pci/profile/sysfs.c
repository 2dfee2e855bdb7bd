// SPDX-License-Identifier: GPL-2.0-only
/*
 * profiles/{available,current,source} under the vfio-dev device.
 *
 * The group is set on the vfio-dev struct device before it is added, so the
 * files exist when udev sees its "add" uevent.  The vfio-dev device is
 * removed (and kernfs drains these callbacks) before the vfio_device is
 * freed, so the profile set outlives every call here.
 *
 * No store path takes the device lock: vfio unregisters from PCI remove with
 * the device lock held and waits for these callbacks to drain.
 */
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>
#include <linux/vfio.h>
#include <linux/vfio_profile.h>

#include "profile.h"

static struct vfio_profile_set *dev_to_profile_set(struct device *dev)
{
#ifdef VFIO_DEVICE_HAS_SYSFS_GROUPS
	return vfio_device_sysfs_data(dev);
#else
	return dev_get_drvdata(dev);
#endif
}

static ssize_t available_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct vfio_profile_set *set = dev_to_profile_set(dev);
	unsigned int i;
	int len = 0;

	for (i = 0; i < set->nr_profiles; i++) {
		if (vfio_profile_is_available(set, i))
			len += sysfs_emit_at(buf, len, "%s%s", len ? " " : "",
					     set->profiles[i].name);
	}
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
static DEVICE_ATTR_RO(available);

static ssize_t current_profile_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct vfio_profile_set *set = dev_to_profile_set(dev);

	return sysfs_emit(buf, "%s\n", set->profiles[READ_ONCE(set->selected)].name);
}

/* Called with dev_set->lock held, so events leave in the order of changes. */
static void vfio_profile_notify(struct vfio_profile_set *set)
{
	char env[sizeof("VFIO_PROFILE=") + VFIO_PROFILE_NAME_LEN];
	char *envp[2] = { env, NULL };

	snprintf(env, sizeof(env), "VFIO_PROFILE=%s",
		 set->profiles[set->selected].name);
	kobject_uevent_env(&set->vdev->device.kobj, KOBJ_CHANGE, envp);
}

static ssize_t current_profile_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct vfio_profile_set *set = dev_to_profile_set(dev);
	struct vfio_device *vdev = set->vdev;
	unsigned int old;
	bool available;
	int want, ret;

	want = vfio_profile_lookup(set->profiles, set->nr_profiles, buf, count);
	if (want < 0)
		return want;

	/*
	 * Availability depends on the device and its owner, not on the open
	 * state, and the callback may sleep: ask before taking the lock.
	 */
	available = vfio_profile_is_available(set, want);

	/* open_device and close_device run under the same lock. */
	mutex_lock(&vdev->dev_set->lock);
	old = set->selected;
	ret = vfio_profile_decide(want, old, set->open, available);
	if (ret == VFIO_PROFILE_CHANGE) {
		WRITE_ONCE(set->selected, want);
		vfio_profile_notify(set);
	}
	mutex_unlock(&vdev->dev_set->lock);

	if (ret == VFIO_PROFILE_CHANGE)
		dev_info(vdev->dev, "profile changed from %s to %s\n",
			 set->profiles[old].name, set->profiles[want].name);
	return ret < 0 ? ret : count;
}

/*
 * Spelled out because "current" is a macro: DEVICE_ATTR_RW(current) would
 * name the file after its expansion.
 */
static struct device_attribute dev_attr_current_profile = {
	.attr	= { .name = "current", .mode = 0644 },
	.show	= current_profile_show,
	.store	= current_profile_store,
};

/* Set at probe before the device was added and never changed: no lock. */
static ssize_t source_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct vfio_profile_set *set = dev_to_profile_set(dev);

	return sysfs_emit(buf, "%s %s\n", set->rule, set->rule_profile);
}
static DEVICE_ATTR_RO(source);

static struct attribute *vfio_profile_attrs[] = {
	&dev_attr_available.attr,
	&dev_attr_current_profile.attr,
	&dev_attr_source.attr,
	NULL,
};

static const struct attribute_group vfio_profile_group = {
	.name	= "profiles",
	.attrs	= vfio_profile_attrs,
};

const struct attribute_group *vfio_profile_groups[] = {
	&vfio_profile_group,
	NULL,
};
