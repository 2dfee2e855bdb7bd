// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pre-probe profile policy in configfs:
 *
 *   mkdir /sys/kernel/config/vfio_profile/<dddd:bb:dd.f>
 *   echo transitional > /sys/kernel/config/vfio_profile/<dddd:bb:dd.f>/profile
 *
 * vfio_profile_init() consults it when a device is probed, before its
 * vfio-dev device is added, so the profile is in force before anything can
 * open the device: libvirt's bind-then-open cannot race a udev rule.
 *
 * The policy is keyed by the device's name, the PCI address for PCI variant
 * drivers.  Items only hold a name; whether a driver has that profile and
 * can use it is decided at probe.  Removing an item leaves bound devices as
 * they are.  Each item holds a reference on this module (configfs does):
 * remove the items before unloading it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vfio_profile.h>

#include "profile.h"

/* "dddd:bb:dd.f", with room for wider PCI domains. */
#define POLICY_NAME_LEN	32

struct vfio_profile_policy {
	struct config_item item;
	struct list_head node;			/* on policies, under policy_lock */
	char device[POLICY_NAME_LEN];
	char profile[VFIO_PROFILE_NAME_LEN + 1];	/* empty: none set */
};

/* Protects the list and every item's profile: configfs and probe meet here. */
static DEFINE_MUTEX(policy_lock);
static LIST_HEAD(policies);

static struct vfio_profile_policy *to_policy(struct config_item *item)
{
	return container_of(item, struct vfio_profile_policy, item);
}

/* Only the canonical form, as the kernel names PCI devices: dddd:bb:dd.f. */
static bool policy_name_canonical(const char *name)
{
	unsigned int domain, bus, dev, fn;
	char canon[POLICY_NAME_LEN];
	char extra;

	if (sscanf(name, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &extra) != 4)
		return false;
	if (bus > 0xff || dev > 0x1f || fn > 7)
		return false;
	snprintf(canon, sizeof(canon), "%04x:%02x:%02x.%x", domain, bus, dev, fn);
	return !strcmp(canon, name);
}

static ssize_t policy_profile_show(struct config_item *item, char *page)
{
	struct vfio_profile_policy *policy = to_policy(item);
	ssize_t len = 0;

	mutex_lock(&policy_lock);
	if (policy->profile[0])
		len = sprintf(page, "%s\n", policy->profile);
	mutex_unlock(&policy_lock);
	return len;
}

static ssize_t policy_profile_store(struct config_item *item, const char *page,
				    size_t count)
{
	struct vfio_profile_policy *policy = to_policy(item);
	char name[VFIO_PROFILE_NAME_LEN + 1];
	size_t len = count;

	/* The same rules as profiles/current: a name, one optional newline. */
	if (len && page[len - 1] == '\n')
		len--;
	if (!len || len > VFIO_PROFILE_NAME_LEN || memchr(page, '\0', len))
		return -EINVAL;
	memcpy(name, page, len);
	name[len] = '\0';
	if (!vfio_profile_name_valid(name))
		return -EINVAL;

	mutex_lock(&policy_lock);
	strscpy(policy->profile, name, sizeof(policy->profile));
	mutex_unlock(&policy_lock);
	return count;
}

CONFIGFS_ATTR(policy_, profile);

static struct configfs_attribute *policy_attrs[] = {
	&policy_attr_profile,
	NULL,
};

static void policy_release(struct config_item *item)
{
	kfree(to_policy(item));
}

static struct configfs_item_operations policy_item_ops = {
	.release	= policy_release,
};

static const struct config_item_type policy_type = {
	.ct_item_ops	= &policy_item_ops,
	.ct_attrs	= policy_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_item *policy_make_item(struct config_group *group,
					    const char *name)
{
	struct vfio_profile_policy *policy;

	if (!policy_name_canonical(name)) {
		pr_warn("configfs: '%s' is not a canonical PCI address (dddd:bb:dd.f)\n",
			name);
		return ERR_PTR(-EINVAL);
	}
	policy = kzalloc(sizeof(*policy), GFP_KERNEL);
	if (!policy)
		return ERR_PTR(-ENOMEM);
	strscpy(policy->device, name, sizeof(policy->device));
	config_item_init_type_name(&policy->item, name, &policy_type);

	mutex_lock(&policy_lock);
	list_add_tail(&policy->node, &policies);
	mutex_unlock(&policy_lock);
	return &policy->item;
}

static void policy_drop_item(struct config_group *group,
			     struct config_item *item)
{
	struct vfio_profile_policy *policy = to_policy(item);

	mutex_lock(&policy_lock);
	list_del(&policy->node);
	mutex_unlock(&policy_lock);
	config_item_put(item);
}

static struct configfs_group_operations policy_group_ops = {
	.make_item	= policy_make_item,
	.drop_item	= policy_drop_item,
};

static const struct config_item_type policy_root_type = {
	.ct_group_ops	= &policy_group_ops,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem policy_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf	= "vfio_profile",
			.ci_type	= &policy_root_type,
		},
	},
};

/**
 * vfio_profile_policy_get - the profile a policy names for a device
 * @device: the device's name (its PCI address)
 * @profile: receives the profile name, VFIO_PROFILE_NAME_LEN + 1 bytes
 *
 * Return: true if a policy for @device names a profile.
 */
bool vfio_profile_policy_get(const char *device, char *profile)
{
	struct vfio_profile_policy *policy;
	bool found = false;

	mutex_lock(&policy_lock);
	list_for_each_entry(policy, &policies, node) {
		if (!strcmp(policy->device, device) && policy->profile[0]) {
			strscpy(profile, policy->profile, VFIO_PROFILE_NAME_LEN + 1);
			found = true;
			break;
		}
	}
	mutex_unlock(&policy_lock);
	return found;
}

int vfio_profile_policy_init(void)
{
	config_group_init(&policy_subsys.su_group);
	mutex_init(&policy_subsys.su_mutex);
	return configfs_register_subsystem(&policy_subsys);
}

void vfio_profile_policy_exit(void)
{
	configfs_unregister_subsystem(&policy_subsys);
}
