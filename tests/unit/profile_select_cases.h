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

/* vfio_profile_rule_parse(): a configfs item name -> its kind or -EINVAL */
struct select_rule_case {
	const char *desc;
	const char *name;
	int kind;
};

static const struct select_rule_case select_rule_cases[] = {
	{ "an address is an exact item", "0000:01:00.0", VFIO_PROFILE_RULE_EXACT },
	{ "a five-digit domain is canonical", "10000:01:1f.7", VFIO_PROFILE_RULE_EXACT },
	{ "pf- and an address is a PF selector", "pf-0000:3a:00.0", VFIO_PROFILE_RULE_PF },
	{ "id- and vendor:device is an ID selector", "id-1af4:1041", VFIO_PROFILE_RULE_ID },
	{ "short address -> EINVAL", "01:00.0", -EINVAL },
	{ "upper-case hex -> EINVAL", "0000:0A:00.0", -EINVAL },
	{ "device above 0x1f -> EINVAL", "0000:01:20.0", -EINVAL },
	{ "function above 7 -> EINVAL", "0000:01:00.8", -EINVAL },
	{ "a zero-padded five-digit domain -> EINVAL", "00000:01:00.0", -EINVAL },
	{ "trailing garbage -> EINVAL", "0000:01:00.0x", -EINVAL },
	{ "no function -> EINVAL", "0000:01:00", -EINVAL },
	{ "pf- with a short address -> EINVAL", "pf-01:00.0", -EINVAL },
	{ "pf- alone -> EINVAL", "pf-", -EINVAL },
	{ "PF- in upper case -> EINVAL", "PF-0000:01:00.0", -EINVAL },
	{ "id- with upper-case hex -> EINVAL", "id-1AF4:1041", -EINVAL },
	{ "id- with three-digit device -> EINVAL", "id-1af4:041", -EINVAL },
	{ "id- with five-digit device -> EINVAL", "id-1af4:10410", -EINVAL },
	{ "id- with 0x -> EINVAL", "id-0x1af4:0x1041", -EINVAL },
	{ "id- with a trailing newline -> EINVAL", "id-1af4:1041\n", -EINVAL },
	{ "an unknown prefix -> EINVAL", "vf-0000:01:00.0", -EINVAL },
	{ "empty -> EINVAL", "", -EINVAL },
};

/* The keys of the devices in the match and precedence cases. */
static const struct vfio_profile_keys select_vf = {
	.dev = "0000:01:00.2", .pf = "0000:01:00.0", .id = "1af4:1041",
};

static const struct vfio_profile_keys select_not_vf = {
	.dev = "0000:02:00.0", .pf = NULL, .id = "1af4:1041",
};

static const struct vfio_profile_keys select_not_pci = {
	.dev = "0000:01:00.2", .pf = NULL, .id = NULL,
};

/* vfio_profile_rule_match(item, keys) -> rank */
struct select_match_case {
	const char *desc;
	const char *item;
	const struct vfio_profile_keys *keys;
	int rank;
};

static const struct select_match_case select_match_cases[] = {
	{ "a VF's own address -> exact", "0000:01:00.2", &select_vf, VFIO_PROFILE_RULE_EXACT },
	{ "a VF's PF selector -> PF", "pf-0000:01:00.0", &select_vf, VFIO_PROFILE_RULE_PF },
	{ "a VF's ID -> ID", "id-1af4:1041", &select_vf, VFIO_PROFILE_RULE_ID },
	{ "another address -> none", "0000:01:00.3", &select_vf, VFIO_PROFILE_RULE_NONE },
	{ "another PF -> none", "pf-0000:02:00.0", &select_vf, VFIO_PROFILE_RULE_NONE },
	{ "another ID -> none", "id-1af4:1000", &select_vf, VFIO_PROFILE_RULE_NONE },
	{ "the PF's address is not the VF's exact item", "0000:01:00.0", &select_vf,
	  VFIO_PROFILE_RULE_NONE },
	{ "a VF's address as a PF selector -> none", "pf-0000:01:00.2", &select_vf,
	  VFIO_PROFILE_RULE_NONE },
	{ "a device that is no VF has no PF selector", "pf-0000:02:00.0", &select_not_vf,
	  VFIO_PROFILE_RULE_NONE },
	{ "a device that is no VF still matches by ID", "id-1af4:1041", &select_not_vf,
	  VFIO_PROFILE_RULE_ID },
	{ "a device without an ID matches no ID selector", "id-1af4:1041", &select_not_pci,
	  VFIO_PROFILE_RULE_NONE },
	{ "a device without an ID matches by name", "0000:01:00.2", &select_not_pci,
	  VFIO_PROFILE_RULE_EXACT },
};

/*
 * Precedence over a set of items, as vfio_profile_policy_get() walks them:
 * @items (NULL-terminated, at most SELECT_MAX_ITEMS) for the device @keys;
 * @winner is the index of the item that decides, or -1 for none.  Every
 * rotation of the items is tried: the order they were created in must not
 * matter.
 */
#define SELECT_MAX_ITEMS 5

struct select_precedence_case {
	const char *desc;
	const char *items[SELECT_MAX_ITEMS + 1];
	const struct vfio_profile_keys *keys;
	int winner;
};

static const struct select_precedence_case select_precedence_cases[] = {
	{ "exact beats PF and ID",
	  { "id-1af4:1041", "pf-0000:01:00.0", "0000:01:00.2", NULL }, &select_vf, 2 },
	{ "PF beats ID",
	  { "id-1af4:1041", "pf-0000:01:00.0", "0000:01:00.3", NULL }, &select_vf, 1 },
	{ "ID alone decides",
	  { "0000:01:00.3", "pf-0000:02:00.0", "id-1af4:1041", NULL }, &select_vf, 2 },
	{ "exact beats ID",
	  { "0000:01:00.2", "id-1af4:1041", NULL }, &select_vf, 0 },
	{ "nothing matching -> none (default_profile, then baseline)",
	  { "0000:01:00.3", "pf-0000:02:00.0", "id-1af4:1000", NULL }, &select_vf, -1 },
	{ "no PF for a device that is no VF: ID decides",
	  { "pf-0000:02:00.0", "id-1af4:1041", NULL }, &select_not_vf, 1 },
	{ "no items -> none", { NULL }, &select_vf, -1 },
};

/* The winning index of @c with its items rotated by @rot, or -1. */
static inline int select_precedence_run(const struct select_precedence_case *c,
					unsigned int rot)
{
	unsigned int n = 0, k;
	int best = VFIO_PROFILE_RULE_NONE, winner = -1;

	while (c->items[n])
		n++;
	for (k = 0; k < n; k++) {
		unsigned int i = (k + rot) % n;
		int rank = vfio_profile_rule_match(c->items[i], c->keys);

		if (rank > best) {
			best = rank;
			winner = (int)i;
		}
	}
	return winner;
}

#endif /* VFIO_PROFILE_SELECT_CASES_H */
