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

/* Lower-case hex digits only: the kernel's own spelling of PCI names. */
static int vfio_profile_hex(const char *s, unsigned int min, unsigned int max,
			    unsigned int *val)
{
	unsigned int n;

	*val = 0;
	for (n = 0; (s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'); n++) {
		if (n >= max)
			return -EINVAL;
		*val = *val << 4 | (s[n] <= '9' ? s[n] - '0' : s[n] - 'a' + 10);
	}
	return n >= min ? (int)n : -EINVAL;
}

/* "dddd:bb:dd.f" exactly as pci_name() spells it (wider domains too). */
static bool vfio_profile_pci_name(const char *s)
{
	unsigned int v;
	int n;

	n = vfio_profile_hex(s, 4, 8, &v);
	/* More than four digits only when "%04x" would print them. */
	if (n < 0 || (n > 4 && s[0] == '0') || s[n] != ':')
		return false;
	s += n + 1;
	if (vfio_profile_hex(s, 2, 2, &v) != 2 || s[2] != ':')
		return false;
	s += 3;
	if (vfio_profile_hex(s, 2, 2, &v) != 2 || v > 0x1f || s[2] != '.')
		return false;
	s += 3;
	return vfio_profile_hex(s, 1, 1, &v) == 1 && v <= 7 && !s[1];
}

/* "vvvv:dddd": vendor and device ID, four lower-case hex digits each. */
static bool vfio_profile_id_name(const char *s)
{
	unsigned int v;

	return vfio_profile_hex(s, 4, 4, &v) == 4 && s[4] == ':' &&
	       vfio_profile_hex(s + 5, 4, 4, &v) == 4 && !s[9];
}

/**
 * vfio_profile_rule_parse - the kind of a configfs policy item name
 * @name: the item's name, as given to mkdir
 *
 * Only canonical names are accepted, so that one device has exactly one
 * spelling per kind: "dddd:bb:dd.f" (that device), "pf-dddd:bb:dd.f" (every
 * VF of that PF) and "id-vvvv:dddd" (every device with that vendor and
 * device ID), all hex digits in lower case.
 *
 * Return: VFIO_PROFILE_RULE_EXACT, _PF or _ID, or -EINVAL.
 */
int vfio_profile_rule_parse(const char *name)
{
	if (!strncmp(name, "pf-", 3))
		return vfio_profile_pci_name(name + 3) ? VFIO_PROFILE_RULE_PF : -EINVAL;
	if (!strncmp(name, "id-", 3))
		return vfio_profile_id_name(name + 3) ? VFIO_PROFILE_RULE_ID : -EINVAL;
	return vfio_profile_pci_name(name) ? VFIO_PROFILE_RULE_EXACT : -EINVAL;
}

/**
 * vfio_profile_rule_match - does a policy item apply to a device
 * @item: a name vfio_profile_rule_parse() accepted
 * @keys: the device's names
 *
 * The rank is the precedence (design: an exact address beats a PF selector,
 * which beats an ID selector): of all items that match a device, the one
 * with the highest rank decides.  Each kind matches at most one item name,
 * so the winner does not depend on the order of the items.
 *
 * Return: VFIO_PROFILE_RULE_EXACT, _PF or _ID, or VFIO_PROFILE_RULE_NONE.
 */
int vfio_profile_rule_match(const char *item, const struct vfio_profile_keys *keys)
{
	if (!strncmp(item, "pf-", 3))
		return keys->pf && !strcmp(item + 3, keys->pf) ?
		       VFIO_PROFILE_RULE_PF : VFIO_PROFILE_RULE_NONE;
	if (!strncmp(item, "id-", 3))
		return keys->id && !strcmp(item + 3, keys->id) ?
		       VFIO_PROFILE_RULE_ID : VFIO_PROFILE_RULE_NONE;
	return keys->dev && !strcmp(item, keys->dev) ?
	       VFIO_PROFILE_RULE_EXACT : VFIO_PROFILE_RULE_NONE;
}
