// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite of the transitional profile's pure logic: the config header
 * overlay, the capture of emulated registers and BAR0 decoding.
 *
 * legacy_config.c and legacy_decode.c are compiled here unchanged, and the
 * checks are the userspace unit test's (tests/unit/legacy_checks.h): one set
 * of checks, two harnesses.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "../../drivers/vfio/pci/virtio/legacy_config.c"
#include "../../drivers/vfio/pci/virtio/legacy_decode.c"
#include "../unit/legacy_checks.h"

static void legacy_overlay_test(struct kunit *test)
{
	unsigned int windows, outside;

	KUNIT_EXPECT_EQ(test, legacy_check_overlay(&windows, &outside), 0);
	KUNIT_EXPECT_EQ(test, outside, 0);
	KUNIT_EXPECT_EQ(test, windows, 16 * 64 * 65 / 2);
}

static void legacy_identity_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, legacy_check_identity(), 0);
}

static void legacy_capture_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, legacy_check_capture(20000), 0);
}

static void legacy_decode_test(struct kunit *test)
{
	unsigned int cases;

	KUNIT_EXPECT_EQ(test, legacy_check_decode(&cases), 0);
	KUNIT_EXPECT_EQ(test, cases, 2 * 40 * 9);
}

static struct kunit_case virtio_legacy_cases[] = {
	KUNIT_CASE(legacy_overlay_test),
	KUNIT_CASE(legacy_identity_test),
	KUNIT_CASE(legacy_capture_test),
	KUNIT_CASE(legacy_decode_test),
	{}
};

static struct kunit_suite virtio_legacy_suite = {
	.name = "virtio_vfio_legacy",
	.test_cases = virtio_legacy_cases,
};
kunit_test_suite(virtio_legacy_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the virtio-net transitional profile's config overlay and BAR0 decode");
