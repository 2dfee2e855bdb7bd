/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exhaustive checks of the transitional profile's pure logic
 * (drivers/vfio/pci/virtio/legacy_{config,decode}.c) against the reference
 * models in legacy_ref.h, shared by the userspace unit test (legacy_test.c,
 * under ASan/UBSan) and the KUnit suite (tests/kunit/legacy_kunit.c, on the
 * debug kernel): one set of checks, two harnesses.  Each returns the number
 * of mismatches.
 *
 * Include after legacy.h; needs cpu_to_le16/32 and le16/32_to_cpu.
 */
#ifndef VIRTIO_LEGACY_CHECKS_H
#define VIRTIO_LEGACY_CHECKS_H

#include "legacy_ref.h"

static int legacy_ref_area(enum virtio_legacy_area a)
{
	return a == VIRTIO_LEGACY_COMMON ? REF_COMMON :
	       a == VIRTIO_LEGACY_NOTIFY ? REF_NOTIFY : REF_DEVICE;
}

/* Every access window [start, end) of the header, for several shadows. */
static unsigned int legacy_check_overlay(unsigned int *windows,
					 unsigned int *outside)
{
	static const uint32_t bars[] = { 0, 0xffffffff, 0xc040, 0x1f };
	static const uint16_t cmds[] = { 0, 1, 0x407, 0xfffe };
	uint8_t phys[64], want[64], hdr[64];
	unsigned int s, e, i, b, c, bad = 0;

	*windows = *outside = 0;
	for (i = 0; i < 64; i++)
		phys[i] = (uint8_t)(i * 37 + 11);
	phys[4] |= 1;	/* physical IO bit set: must not leak through */

	for (b = 0; b < 4; b++) {
		for (c = 0; c < 4; c++) {
			struct virtio_legacy_shadow sh = {
				.bar0 = cpu_to_le32(bars[b]),
				.command = cpu_to_le16(cmds[c]),
			};

			ref_header(phys, bars[b], cmds[c], want);
			for (s = 0; s < 64; s++) {
				for (e = s + 1; e <= 64; e++) {
					memset(hdr, 0xa5, sizeof(hdr));
					memcpy(hdr + s, phys + s, e - s);
					virtio_legacy_config_overlay(&sh, hdr, s, e);
					(*windows)++;
					if (memcmp(hdr + s, want + s, e - s))
						bad++;
					for (i = 0; i < 64; i++)
						if ((i < s || i >= e) && hdr[i] != 0xa5)
							(*outside)++;
				}
			}
		}
	}
	return bad;
}

/* The identity a legacy driver matches on, with BAR0 sized. */
static unsigned int legacy_check_identity(void)
{
	struct virtio_legacy_shadow sh = { .bar0 = cpu_to_le32(0xffffffff) };
	static const uint8_t want[][2] = {
		{ 0x02, 0x00 }, { 0x03, 0x10 },		/* device 0x1000 */
		{ 0x08, 0x00 },				/* revision 0 */
		{ 0x10, 0xe1 }, { 0x11, 0xff }, { 0x12, 0xff }, { 0x13, 0xff },
		{ 0x2c, 0xf4 }, { 0x2d, 0x1a }, { 0x2e, 0x01 }, { 0x2f, 0x00 },
	};
	uint8_t hdr[64] = { 0 };
	unsigned int i, bad = 0;

	virtio_legacy_config_overlay(&sh, hdr, 0, 64);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		bad += hdr[want[i][0]] != want[i][1];
	bad += virtio_legacy_io_enabled(&sh);
	sh.command = cpu_to_le16(1);
	bad += !virtio_legacy_io_enabled(&sh);
	return bad;
}

/* Random byte-granular writes: the shadow keeps the last bytes written. */
static unsigned int legacy_check_capture(unsigned int n)
{
	struct virtio_legacy_shadow sh = { 0 };
	uint8_t model[64] = { 0 }, img[64];
	uint32_t x = 7, bar0;
	unsigned int bad = 0, s, e, i;

	while (n--) {
		x = x * 1103515245u + 12345u;
		s = (x >> 16) % 64;
		x = x * 1103515245u + 12345u;
		e = s + 1 + (x >> 16) % (64 - s);
		for (i = s; i < e; i++) {
			x = x * 1103515245u + 12345u;
			img[i] = x >> 24;
		}
		memcpy(model + s, img + s, e - s);
		virtio_legacy_config_capture(&sh, img, s, e);
		bar0 = model[0x10] | model[0x11] << 8 | model[0x12] << 16 |
		       (uint32_t)model[0x13] << 24;
		if (le16_to_cpu(sh.command) != (uint16_t)(model[4] | model[5] << 8) ||
		    le32_to_cpu(sh.bar0) != bar0)
			bad++;
	}
	return bad;
}

/* Every (pos, size, MSI-X) around BAR0, and past it. */
static unsigned int legacy_check_decode(unsigned int *cases)
{
	unsigned int bad = 0, ref_off, pos, count, msix;
	enum virtio_legacy_area area;
	uint8_t off;

	*cases = 0;
	for (msix = 0; msix < 2; msix++) {
		for (pos = 0; pos < 40; pos++) {
			for (count = 1; count <= 9; count++) {
				int ra = -1, r, w;

				off = 0xff;
				r = ref_decode(pos, count, msix, &ra, &ref_off);
				w = virtio_legacy_bar0_decode(pos, count, msix, &area, &off);
				(*cases)++;
				if (r != w || (!r && (legacy_ref_area(area) != ra ||
						      off != ref_off)))
					bad++;
			}
		}
	}
	/* A position near 2^64 must not wrap into range. */
	bad += virtio_legacy_bar0_decode(~0ULL - 1, 4, false, &area, &off) != -EINVAL;
	return bad;
}

#endif
