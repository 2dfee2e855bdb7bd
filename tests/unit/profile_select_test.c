// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the profile core's pure logic (drivers/vfio/pci/profile/
 * select.c, compiled unchanged): name validation, parsing what userspace
 * writes to profiles/current, the order of the change rules, and the
 * configfs policy's item names and precedence (exact > PF > ID).
 *
 * The cases are in profile_select_cases.h, shared with the KUnit suite
 * (tests/kunit/profile_select_kunit.c) that runs them on the debug kernel.
 */
#include <errno.h>
#include <string.h>

#include <linux/vfio_profile.h>
#include "../../drivers/vfio/pci/profile/profile.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "profile_select_cases.h"
#include "tap.h"

static char scratch[SELECT_CASE_MAX + 1];

static void test_names(void)
{
	const struct select_name_case *c;

	for (c = select_name_cases; c < select_name_cases + ARRAY_SIZE(select_name_cases); c++)
		tap_ok(vfio_profile_name_valid(select_name_input(c, scratch)) == c->valid,
		       "%s", c->desc);
}

static void test_lookup(void)
{
	const struct select_lookup_case *c;

	for (c = select_lookup_cases; c < select_lookup_cases + ARRAY_SIZE(select_lookup_cases); c++)
		tap_ok(select_lookup_run(c, scratch) == c->want, "%s", c->desc);
}

static void test_decide(void)
{
	const struct select_decide_case *c;

	for (c = select_decide_cases; c < select_decide_cases + ARRAY_SIZE(select_decide_cases); c++)
		tap_ok(vfio_profile_decide(c->want, c->selected, c->open, c->available) == c->result,
		       "%s", c->desc);
}

static void test_rules(void)
{
	const struct select_rule_case *c;

	for (c = select_rule_cases; c < select_rule_cases + ARRAY_SIZE(select_rule_cases); c++)
		tap_ok(vfio_profile_rule_parse(c->name) == c->kind, "rule name: %s", c->desc);
}

static void test_match(void)
{
	const struct select_match_case *c;

	for (c = select_match_cases; c < select_match_cases + ARRAY_SIZE(select_match_cases); c++)
		tap_ok(vfio_profile_rule_match(c->item, c->keys) == c->rank, "match: %s", c->desc);
}

static void test_precedence(void)
{
	const struct select_precedence_case *c;
	unsigned int rot;

	for (c = select_precedence_cases;
	     c < select_precedence_cases + ARRAY_SIZE(select_precedence_cases); c++) {
		bool ok = true;

		for (rot = 0; rot < SELECT_MAX_ITEMS; rot++)
			ok = ok && select_precedence_run(c, rot) == c->winner;
		tap_ok(ok, "precedence: %s (every order of the items)", c->desc);
	}
}

int main(void)
{
	test_names();
	test_lookup();
	test_decide();
	test_rules();
	test_match();
	test_precedence();
	return tap_done();
}
