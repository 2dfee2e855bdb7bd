// SPDX-License-Identifier: GPL-2.0-only
/*
 * Profile names and the rules for changing the selected profile.
 *
 * Pure logic with no locking and no device access, so that the same source
 * is built into the module, into KUnit and into the userspace unit tests
 * (tests/unit/).
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/vfio_profile.h>

#include "profile.h"

static bool vfio_profile_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/**
 * vfio_profile_name_valid - is @name usable as a profile name
 * @name: NUL-terminated candidate
 *
 * Return: true if @name is 1 to VFIO_PROFILE_NAME_LEN characters of lower
 * case letters, digits, '-' and '_'.
 */
bool vfio_profile_name_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++) {
		if (i >= VFIO_PROFILE_NAME_LEN || !vfio_profile_name_char(name[i]))
			return false;
	}
	return i > 0;
}

/**
 * vfio_profile_lookup - find a profile by the bytes userspace wrote
 * @profiles: the driver's profiles
 * @nr: how many
 * @buf: what was written; not NUL-terminated
 * @count: its length
 *
 * Accepts exactly a profile name, optionally followed by one newline (what
 * echo writes).  Anything else, including embedded NULs, other whitespace and
 * overlong input, matches no profile.
 *
 * Return: the profile index, or -EINVAL.
 */
int vfio_profile_lookup(const struct vfio_profile *profiles, unsigned int nr,
			const char *buf, size_t count)
{
	unsigned int i;

	if (count && buf[count - 1] == '\n')
		count--;
	if (!count || count > VFIO_PROFILE_NAME_LEN || memchr(buf, '\0', count))
		return -EINVAL;

	for (i = 0; i < nr; i++) {
		if (strlen(profiles[i].name) == count &&
		    !memcmp(profiles[i].name, buf, count))
			return i;
	}
	return -EINVAL;
}

/**
 * vfio_profile_decide - may the selection change to profile @want
 * @want: a valid profile index
 * @selected: the profile selected now
 * @open: whether the vfio device is open
 * @available: whether @want is available on this device now
 *
 * The order is ABI (Documentation/ABI/testing/sysfs-devices-vfio-dev-profiles):
 * writing the current name succeeds even while the device is open, so that
 * applying a persisted selection is idempotent; an open device refuses any
 * change before availability is considered.
 *
 * Return: VFIO_PROFILE_CHANGE, VFIO_PROFILE_UNCHANGED, -EBUSY or -EOPNOTSUPP.
 */
int vfio_profile_decide(unsigned int want, unsigned int selected, bool open,
			bool available)
{
	if (want == selected)
		return VFIO_PROFILE_UNCHANGED;
	if (open)
		return -EBUSY;
	if (!available)
		return -EOPNOTSUPP;
	return VFIO_PROFILE_CHANGE;
}
