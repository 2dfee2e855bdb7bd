// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pre-probe profile policy in configfs.  An item's name says which devices
 * it covers; its "profile" attribute names the profile:
 *
 *   /sys/kernel/config/vfio_profile/<dddd:bb:dd.f>       that device
 *   /sys/kernel/config/vfio_profile/pf-<dddd:bb:dd.f>    every VF of that PF
 *   /sys/kernel/config/vfio_profile/id-<vvvv:dddd>       every device with that ID
 *
 * vfio_profile_init() consults it when a device is probed, before its
 * vfio-dev device is added, so the profile is in force before anything can
 * open the device: libvirt's bind-then-open cannot race a udev rule, and a
 * VF created later with sriov_numvfs gets its PF's selector at its own
 * probe.  Of the items that match a device, the most specific decides
 * (exact address, then PF, then ID; vfio_profile_rule_match()).
 *
 * Items only hold a name; whether a driver has that profile and can use it
 * is decided at probe.  Removing an item leaves bound devices as they are.
 * Each item holds a reference on this module (configfs does): remove the
 * items before unloading it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vfio_profile.h>

#include "profile.h"

struct vfio_profile_policy {
	struct config_item item;
	struct list_head node;			/* on policies, under policy_lock */
	char name[VFIO_PROFILE_RULE_LEN];	/* the item's name */
	char profile[VFIO_PROFILE_NAME_LEN + 1];	/* empty: none set */
};

/* Protects the list and every item's profile: configfs and probe meet here. */
static DEFINE_MUTEX(policy_lock);
static LIST_HEAD(policies);

static struct vfio_profile_policy *to_policy(struct config_item *item)
{
	return container_of(item, struct vfio_profile_policy, item);
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

	/* The canonical forms fit VFIO_PROFILE_RULE_LEN; nothing else parses. */
	if (vfio_profile_rule_parse(name) < 0) {
		if (!strncmp(name, "pf-", 3))
			pr_warn("configfs: '%s' is not pf- and a canonical PCI address (pf-dddd:bb:dd.f)\n",
				name);
		else if (!strncmp(name, "id-", 3))
			pr_warn("configfs: '%s' is not id- and a vendor:device ID in lower-case hex (id-vvvv:dddd)\n",
				name);
		else
			pr_warn("configfs: '%s' is not a canonical PCI address (dddd:bb:dd.f)\n",
				name);
		return ERR_PTR(-EINVAL);
	}
	policy = kzalloc(sizeof(*policy), GFP_KERNEL);
	if (!policy)
		return ERR_PTR(-ENOMEM);
	strscpy(policy->name, name, sizeof(policy->name));
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
 * vfio_profile_policy_get - the profile the policy names for a device
 * @dev: the device being probed
 * @profile: receives the profile name, VFIO_PROFILE_NAME_LEN + 1 bytes
 * @rule: receives the name of the deciding item, VFIO_PROFILE_RULE_LEN bytes
 *
 * A PCI device is matched by its address, by its PF's address if it is a
 * VF, and by its vendor:device ID; any other device by its name only.  An
 * item that names no profile yet matches nothing.  One pass under
 * policy_lock: the answer is a consistent snapshot of the policy, never a
 * mix of before and after a concurrent configfs write.
 *
 * Return: true if an item applies, with @profile and @rule filled in.
 */
bool vfio_profile_policy_get(struct device *dev, char *profile, char *rule)
{
	struct vfio_profile_keys keys = { .dev = dev_name(dev) };
	struct vfio_profile_policy *policy;
	char id[sizeof("vvvv:dddd")];
	int rank, best = VFIO_PROFILE_RULE_NONE;

	if (dev_is_pci(dev)) {
		struct pci_dev *pdev = to_pci_dev(dev);

		if (pdev->is_virtfn)
			keys.pf = pci_name(pci_physfn(pdev));
		snprintf(id, sizeof(id), "%04x:%04x", pdev->vendor, pdev->device);
		keys.id = id;
	}

	mutex_lock(&policy_lock);
	list_for_each_entry(policy, &policies, node) {
		if (!policy->profile[0])
			continue;
		rank = vfio_profile_rule_match(policy->name, &keys);
		if (rank > best) {
			best = rank;
			strscpy(profile, policy->profile, VFIO_PROFILE_NAME_LEN + 1);
			strscpy(rule, policy->name, VFIO_PROFILE_RULE_LEN);
		}
	}
	mutex_unlock(&policy_lock);
	return best != VFIO_PROFILE_RULE_NONE;
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
