/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test cases of the profile core's pure logic (drivers/vfio/pci/profile/
 * select.c), shared by the userspace unit test (tests/unit/
 * profile_select_test.c, under ASan/UBSan) and the KUnit suite (tests/kunit/
 * profile_select_kunit.c, on the debug kernel): one table, two harnesses.
 *
 * Include after <linux/vfio_profile.h> and profile.h; needs bool, size_t,
 * ARRAY_SIZE(), memset()/memcpy() and the kernel's errno values (EINVAL, EBUSY,
 * EOPNOTSUPP), which userspace and the kernel share on Linux.
 */
#ifndef VFIO_PROFILE_SELECT_CASES_H
#define VFIO_PROFILE_SELECT_CASES_H

static const struct vfio_profile select_profiles[] = {
	{ .name = "native" },
	{ .name = "transitional" },
	{ .name = "nat" },	/* a prefix of another name */
};

#define SELECT_NR_PROFILES ARRAY_SIZE(select_profiles)

/* The largest input a case builds. */
#define SELECT_CASE_MAX 4096

/*
 * vfio_profile_name_valid(): @name, or, where @fill is non-zero, a name of
 * @fill letters 'a'.
 */
struct select_name_case {
	const char *desc;
	const char *name;
	unsigned int fill;
	bool valid;
};

static const struct select_name_case select_name_cases[] = {
	{ "'native' is a valid name", "native", 0, true },
	{ "digits, '-' and '_' are allowed", "a-b_9", 0, true },
	{ "the empty name is invalid", "", 0, false },
	{ "upper case is invalid", "Native", 0, false },
	{ "space is invalid", "na tive", 0, false },
	{ "non-ASCII is invalid", "n\xc3\xa4ive", 0, false },
	{ "a name of VFIO_PROFILE_NAME_LEN characters is valid",
	  NULL, VFIO_PROFILE_NAME_LEN, true },
	{ "one character more is invalid", NULL, VFIO_PROFILE_NAME_LEN + 1, false },
};

/*
 * vfio_profile_lookup() of the bytes @buf[0..@len), padded with 'a' up to
 * @pad bytes where @pad > @len, against all of select_profiles, or against
 * none of them where @no_profiles is set.
 */
struct select_lookup_case {
	const char *desc;
	const char *buf;
	size_t len;
	size_t pad;
	bool no_profiles;
	int want;
};

#define SELECT_LOOKUP(lit, want, desc) { desc, lit, sizeof(lit) - 1, 0, false, want }

static const struct select_lookup_case select_lookup_cases[] = {
	SELECT_LOOKUP("native", 0, "'native' -> 0"),
	SELECT_LOOKUP("native\n", 0, "'native\\n' -> 0"),
	SELECT_LOOKUP("transitional\n", 1, "'transitional\\n' -> 1"),
	SELECT_LOOKUP("nat", 2, "'nat' is not taken for 'native' or vice versa"),
	SELECT_LOOKUP("nati", -EINVAL, "a prefix that is no name -> EINVAL"),
	SELECT_LOOKUP("natives", -EINVAL, "a longer string -> EINVAL"),
	SELECT_LOOKUP("", -EINVAL, "empty -> EINVAL"),
	SELECT_LOOKUP("\n", -EINVAL, "a lone newline -> EINVAL"),
	SELECT_LOOKUP("native\n\n", -EINVAL, "two newlines -> EINVAL"),
	SELECT_LOOKUP("native\r\n", -EINVAL, "CRLF -> EINVAL"),
	SELECT_LOOKUP(" native", -EINVAL, "leading space -> EINVAL"),
	SELECT_LOOKUP("native ", -EINVAL, "trailing space -> EINVAL"),
	SELECT_LOOKUP("nat\0ive", -EINVAL, "embedded NUL -> EINVAL"),
	SELECT_LOOKUP("native\0", -EINVAL, "trailing NUL -> EINVAL"),
	SELECT_LOOKUP("nat\0", -EINVAL, "a name followed by NUL -> EINVAL"),
	{ "4 KiB starting with a name -> EINVAL", "native\n", 7, SELECT_CASE_MAX, false,
	  -EINVAL },
	{ "no profiles -> EINVAL", "native", 6, 0, true, -EINVAL },
};

/* vfio_profile_decide(want, selected, open, available) -> result */
struct select_decide_case {
	const char *desc;
	unsigned int want;
	unsigned int selected;
	bool open;
	bool available;
	int result;
};

static const struct select_decide_case select_decide_cases[] = {
	{ "closed and available -> change", 1, 0, false, true, VFIO_PROFILE_CHANGE },
	{ "same profile -> unchanged", 0, 0, false, true, VFIO_PROFILE_UNCHANGED },
	{ "same profile while open -> unchanged, not EBUSY",
	  0, 0, true, true, VFIO_PROFILE_UNCHANGED },
	{ "same profile, even if reported unavailable -> unchanged",
	  0, 0, true, false, VFIO_PROFILE_UNCHANGED },
	{ "other profile while open -> EBUSY", 1, 0, true, true, -EBUSY },
	{ "open is decided before availability -> EBUSY", 1, 0, true, false, -EBUSY },
	{ "closed, unavailable -> EOPNOTSUPP", 1, 0, false, false, -EOPNOTSUPP },
};

/* Builds a name case's input in @out (SELECT_CASE_MAX bytes). */
static inline const char *select_name_input(const struct select_name_case *c, char *out)
{
	if (!c->fill)
		return c->name;
	memset(out, 'a', c->fill);
	out[c->fill] = '\0';
	return out;
}

/* Builds a lookup case's input in @out (SELECT_CASE_MAX bytes); returns its length. */
static inline size_t select_lookup_input(const struct select_lookup_case *c, char *out)
{
	size_t n = c->pad > c->len ? c->pad : c->len;

	memset(out, 'a', n);
	memcpy(out, c->buf, c->len);
	return n;
}

static inline int select_lookup_run(const struct select_lookup_case *c, char *scratch)
{
	size_t n = select_lookup_input(c, scratch);

	return vfio_profile_lookup(select_profiles, c->no_profiles ? 0 : SELECT_NR_PROFILES,
				   scratch, n);
}

#endif /* VFIO_PROFILE_SELECT_CASES_H */
