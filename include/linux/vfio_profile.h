/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Selectable device profiles for VFIO variant drivers.
 *
 * A variant driver that can present one function in more than one way (for
 * example a virtio-net VF as itself, or as a transitional device with a legacy
 * I/O BAR) declares its profiles here.  The profile core exposes them under
 * the vfio-dev device:
 *
 *   /sys/bus/pci/devices/<BDF>/vfio-dev/vfioN/profiles/available
 *   /sys/bus/pci/devices/<BDF>/vfio-dev/vfioN/profiles/current
 *
 * and lets an operator choose one while the device is closed.  The choice is
 * latched when the device is opened and cannot change until it is closed, so
 * a driver reads the active profile without locking in its region and ioctl
 * paths.  See Documentation/ABI/testing/sysfs-devices-vfio-dev-profiles.
 */
#ifndef __LINUX_VFIO_PROFILE_H
#define __LINUX_VFIO_PROFILE_H

#include <linux/types.h>

struct vfio_device;

/* Longest profile name, without the terminating NUL. */
#define VFIO_PROFILE_NAME_LEN	31

/*
 * Room for the name of the rule that chose the profile at probe, with its
 * NUL: "pf-" and a PCI address with an eight-digit domain is the longest.
 */
#define VFIO_PROFILE_RULE_LEN	24

/**
 * struct vfio_profile - one way a variant driver can present its device
 * @name: the name userspace reads and writes; lower case letters, digits,
 *	'-' and '_', at most VFIO_PROFILE_NAME_LEN characters.  Profile 0 of a
 *	driver is its baseline (for PCI variant drivers "native", the device as
 *	plain vfio-pci presents it) and must always be available.
 * @available: whether this device can use the profile now; NULL means
 *	always.  Called without locks held, from sysfs reads and writes and
 *	from probe; it may sleep.
 */
struct vfio_profile {
	const char *name;
	bool (*available)(struct vfio_device *vdev);
};

/**
 * struct vfio_profile_set - profile state of one vfio device
 *
 * @vdev: the vfio device the profiles belong to
 * @profiles: the driver's profiles; index 0 is the baseline
 * @nr_profiles: how many
 * @selected: the index chosen by the operator; changed only under
 *	vdev->dev_set->lock once the device is registered
 * @active: the index latched by vfio_profile_open_device() for the current
 *	open
 * @open: whether the device is open (set and cleared under dev_set->lock)
 * @rule: what chose the profile at probe: the configfs policy item's name,
 *	"default_profile" or "baseline"; set before the vfio-dev device is
 *	added and never changed, so read without a lock
 * @rule_profile: the profile @rule named (the baseline is selected instead
 *	when this device cannot use it)
 *
 * Embed it in the driver's device structure next to the vfio_device.  The
 * fields are private to the profile core.
 */
struct vfio_profile_set {
	struct vfio_device *vdev;
	const struct vfio_profile *profiles;
	unsigned int nr_profiles;
	unsigned int selected;
	unsigned int active;
	bool open;
	char rule[VFIO_PROFILE_RULE_LEN];
	char rule_profile[VFIO_PROFILE_NAME_LEN + 1];
};

int vfio_profile_init(struct vfio_profile_set *set, struct vfio_device *vdev,
		      const struct vfio_profile *profiles,
		      unsigned int nr_profiles);
unsigned int vfio_profile_open_device(struct vfio_profile_set *set);
void vfio_profile_close_device(struct vfio_profile_set *set);

/**
 * vfio_profile_active - the profile latched for the current open
 * @set: the device's profile state
 *
 * Valid between vfio_profile_open_device() and vfio_profile_close_device();
 * the value cannot change in between, so no lock is needed to read it.
 *
 * Return: the index of the active profile in the driver's table.
 */
static inline unsigned int vfio_profile_active(const struct vfio_profile_set *set)
{
	return set->active;
}

#endif /* __LINUX_VFIO_PROFILE_H */
