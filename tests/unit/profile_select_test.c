// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the profile core's pure logic (drivers/vfio/pci/profile/
 * select.c, compiled unchanged): name validation, parsing what userspace
 * writes to profiles/current, and the order of the change rules.
 */
#include <errno.h>
#include <string.h>

#include <linux/vfio_profile.h>
#include "../../drivers/vfio/pci/profile/profile.h"
#include "tap.h"

static const struct vfio_profile profiles[] = {
	{ .name = "native" },
	{ .name = "transitional" },
	{ .name = "nat" },	/* a prefix of another name */
};
#define NR (sizeof(profiles) / sizeof(profiles[0]))

static int lookup(const char *s, size_t len)
{
	return vfio_profile_lookup(profiles, NR, s, len);
}

#define LOOKUP(lit) lookup(lit, sizeof(lit) - 1)

static void test_names(void)
{
	char longest[VFIO_PROFILE_NAME_LEN + 2];

	tap_ok(vfio_profile_name_valid("native"), "'native' is a valid name");
	tap_ok(vfio_profile_name_valid("a-b_9"), "digits, '-' and '_' are allowed");
	tap_ok(!vfio_profile_name_valid(""), "the empty name is invalid");
	tap_ok(!vfio_profile_name_valid("Native"), "upper case is invalid");
	tap_ok(!vfio_profile_name_valid("na tive"), "space is invalid");
	tap_ok(!vfio_profile_name_valid("näive"), "non-ASCII is invalid");
	memset(longest, 'a', sizeof(longest));
	longest[VFIO_PROFILE_NAME_LEN] = '\0';
	tap_ok(vfio_profile_name_valid(longest), "a name of VFIO_PROFILE_NAME_LEN characters is valid");
	longest[VFIO_PROFILE_NAME_LEN] = 'a';
	longest[VFIO_PROFILE_NAME_LEN + 1] = '\0';
	tap_ok(!vfio_profile_name_valid(longest), "one character more is invalid");
}

static void test_lookup(void)
{
	char big[4096];

	tap_ok(LOOKUP("native") == 0, "'native' -> 0");
	tap_ok(LOOKUP("native\n") == 0, "'native\\n' -> 0");
	tap_ok(LOOKUP("transitional\n") == 1, "'transitional\\n' -> 1");
	tap_ok(LOOKUP("nat") == 2, "'nat' is not taken for 'native' or vice versa");
	tap_ok(LOOKUP("nati") == -EINVAL, "a prefix that is no name -> EINVAL");
	tap_ok(LOOKUP("natives") == -EINVAL, "a longer string -> EINVAL");
	tap_ok(LOOKUP("") == -EINVAL, "empty -> EINVAL");
	tap_ok(LOOKUP("\n") == -EINVAL, "a lone newline -> EINVAL");
	tap_ok(LOOKUP("native\n\n") == -EINVAL, "two newlines -> EINVAL");
	tap_ok(LOOKUP("native\r\n") == -EINVAL, "CRLF -> EINVAL");
	tap_ok(LOOKUP(" native") == -EINVAL, "leading space -> EINVAL");
	tap_ok(LOOKUP("native ") == -EINVAL, "trailing space -> EINVAL");
	tap_ok(LOOKUP("nat\0ive") == -EINVAL, "embedded NUL -> EINVAL");
	tap_ok(LOOKUP("native\0") == -EINVAL, "trailing NUL -> EINVAL");
	tap_ok(LOOKUP("nat\0") == -EINVAL, "a name followed by NUL -> EINVAL");
	memset(big, 'a', sizeof(big));
	memcpy(big, "native\n", 7);
	tap_ok(lookup(big, sizeof(big)) == -EINVAL, "4 KiB starting with a name -> EINVAL");
	tap_ok(vfio_profile_lookup(profiles, 0, "native", 6) == -EINVAL,
	       "no profiles -> EINVAL");
}

static void test_decide(void)
{
	/* want, selected, open, available */
	tap_ok(vfio_profile_decide(1, 0, false, true) == VFIO_PROFILE_CHANGE,
	       "closed and available -> change");
	tap_ok(vfio_profile_decide(0, 0, false, true) == VFIO_PROFILE_UNCHANGED,
	       "same profile -> unchanged");
	tap_ok(vfio_profile_decide(0, 0, true, true) == VFIO_PROFILE_UNCHANGED,
	       "same profile while open -> unchanged, not EBUSY");
	tap_ok(vfio_profile_decide(0, 0, true, false) == VFIO_PROFILE_UNCHANGED,
	       "same profile, even if reported unavailable -> unchanged");
	tap_ok(vfio_profile_decide(1, 0, true, true) == -EBUSY,
	       "other profile while open -> EBUSY");
	tap_ok(vfio_profile_decide(1, 0, true, false) == -EBUSY,
	       "open is decided before availability -> EBUSY");
	tap_ok(vfio_profile_decide(1, 0, false, false) == -EOPNOTSUPP,
	       "closed, unavailable -> EOPNOTSUPP");
}

int main(void)
{
	test_names();
	test_lookup();
	test_decide();
	return tap_done();
}
