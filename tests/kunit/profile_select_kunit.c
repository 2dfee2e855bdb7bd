// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite of the profile core's pure logic: name validation, parsing
 * what userspace writes to profiles/current, and the order of the change
 * rules (the state machine of a profile change).
 *
 * select.c is compiled here unchanged, and the cases are the userspace unit
 * test's (tests/unit/profile_select_cases.h): one table, two harnesses.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../../drivers/vfio/pci/profile/select.c"
#include "../unit/profile_select_cases.h"

KUNIT_ARRAY_PARAM_DESC(select_name, select_name_cases, desc);
KUNIT_ARRAY_PARAM_DESC(select_lookup, select_lookup_cases, desc);
KUNIT_ARRAY_PARAM_DESC(select_decide, select_decide_cases, desc);
KUNIT_ARRAY_PARAM_DESC(select_rule, select_rule_cases, desc);
KUNIT_ARRAY_PARAM_DESC(select_match, select_match_cases, desc);
KUNIT_ARRAY_PARAM_DESC(select_precedence, select_precedence_cases, desc);

/* A heap buffer of exactly the case's size, so KASAN sees any overrun. */
static char *select_scratch(struct kunit *test, size_t size)
{
	char *buf = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	return buf;
}

static void select_name_test(struct kunit *test)
{
	const struct select_name_case *c = test->param_value;
	char *scratch = select_scratch(test, c->fill + 1);

	KUNIT_EXPECT_EQ_MSG(test, vfio_profile_name_valid(select_name_input(c, scratch)),
			    c->valid, "%s", c->desc);
}

static void select_lookup_test(struct kunit *test)
{
	const struct select_lookup_case *c = test->param_value;
	char *scratch = select_scratch(test, max(c->len, c->pad));

	KUNIT_EXPECT_EQ_MSG(test, select_lookup_run(c, scratch), c->want, "%s", c->desc);
}

static void select_decide_test(struct kunit *test)
{
	const struct select_decide_case *c = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test,
			    vfio_profile_decide(c->want, c->selected, c->open, c->available),
			    c->result, "%s", c->desc);
}

static void select_rule_test(struct kunit *test)
{
	const struct select_rule_case *c = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, vfio_profile_rule_parse(c->name), c->kind, "%s", c->desc);
}

static void select_match_test(struct kunit *test)
{
	const struct select_match_case *c = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, vfio_profile_rule_match(c->item, c->keys), c->rank,
			    "%s", c->desc);
}

static void select_precedence_test(struct kunit *test)
{
	const struct select_precedence_case *c = test->param_value;
	unsigned int rot;

	for (rot = 0; rot < SELECT_MAX_ITEMS; rot++)
		KUNIT_EXPECT_EQ_MSG(test, select_precedence_run(c, rot), c->winner,
				    "%s (rotation %u)", c->desc, rot);
}

static struct kunit_case vfio_profile_select_cases[] = {
	KUNIT_CASE_PARAM(select_name_test, select_name_gen_params),
	KUNIT_CASE_PARAM(select_lookup_test, select_lookup_gen_params),
	KUNIT_CASE_PARAM(select_decide_test, select_decide_gen_params),
	KUNIT_CASE_PARAM(select_rule_test, select_rule_gen_params),
	KUNIT_CASE_PARAM(select_match_test, select_match_gen_params),
	KUNIT_CASE_PARAM(select_precedence_test, select_precedence_gen_params),
	{}
};

static struct kunit_suite vfio_profile_select_suite = {
	.name = "vfio_profile_select",
	.test_cases = vfio_profile_select_cases,
};

kunit_test_suite(vfio_profile_select_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the VFIO profile core's selection logic");
