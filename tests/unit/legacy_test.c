// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the transitional profile's pure logic: the config header
 * overlay, the capture of emulated registers, and BAR0 decoding
 * (drivers/vfio/pci/virtio/legacy_{config,decode}.c, compiled unchanged),
 * exhaustively against reference models.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/byteorder.h>

#include "../../drivers/vfio/pci/virtio/legacy.h"
#include "legacy_ref.h"
#include "tap.h"

static int ref_area(enum virtio_legacy_area a)
{
	return a == VIRTIO_LEGACY_COMMON ? REF_COMMON :
	       a == VIRTIO_LEGACY_NOTIFY ? REF_NOTIFY : REF_DEVICE;
}

/* Every access window [start, end) of the header, for several shadows. */
static void test_overlay(void)
{
	static const uint32_t bars[] = { 0, 0xffffffff, 0xc040, 0x1f };
	static const uint16_t cmds[] = { 0, 1, 0x407, 0xfffe };
	unsigned int bad = 0, windows = 0, untouched = 0;
	uint8_t phys[64], want[64], hdr[64];
	unsigned int s, e, i, b, c;

	for (i = 0; i < 64; i++)
		phys[i] = (uint8_t)(i * 37 + 11);
	phys[4] |= 1;	/* physical IO bit set: must not leak through */

	for (b = 0; b < 4; b++) for (c = 0; c < 4; c++) {
		struct virtio_legacy_shadow sh = {
			.bar0 = cpu_to_le32(bars[b]), .command = cpu_to_le16(cmds[c]),
		};

		ref_header(phys, bars[b], cmds[c], want);
		for (s = 0; s < 64; s++) for (e = s + 1; e <= 64; e++) {
			memset(hdr, 0xa5, sizeof(hdr));
			memcpy(hdr + s, phys + s, e - s);
			virtio_legacy_config_overlay(&sh, hdr, s, e);
			windows++;
			if (memcmp(hdr + s, want + s, e - s))
				bad++;
			for (i = 0; i < 64; i++)
				if ((i < s || i >= e) && hdr[i] != 0xa5)
					untouched++;
		}
	}
	tap_ok(bad == 0, "overlay: %u access windows x shadows match the reference (%u wrong)",
	       windows, bad);
	tap_ok(untouched == 0, "overlay: no byte outside the access is written (%u were)", untouched);
}

static void test_identity_values(void)
{
	struct virtio_legacy_shadow sh = { .bar0 = cpu_to_le32(0xffffffff) };
	uint8_t hdr[64] = { 0 };

	virtio_legacy_config_overlay(&sh, hdr, 0, 64);
	tap_ok(hdr[2] == 0x00 && hdr[3] == 0x10, "device ID reads 0x1000");
	tap_ok(hdr[8] == 0, "revision reads 0");
	tap_ok(hdr[0x2c] == 0xf4 && hdr[0x2d] == 0x1a && hdr[0x2e] == 1 && hdr[0x2f] == 0,
	       "subsystem reads 1af4:0001");
	tap_ok(hdr[0x10] == 0xe1 && hdr[0x11] == 0xff && hdr[0x12] == 0xff && hdr[0x13] == 0xff,
	       "BAR0 after writing all ones reads 0xffffffe1 (32-byte I/O BAR)");
	tap_ok(!virtio_legacy_io_enabled(&sh), "IO decode off in a fresh shadow");
	sh.command = cpu_to_le16(1);
	tap_ok(virtio_legacy_io_enabled(&sh), "IO decode on once COMMAND.IO is written");
}

/* Random byte-granular writes: the shadow keeps the last bytes written. */
static void test_capture(void)
{
	struct virtio_legacy_shadow sh = { 0 };
	uint8_t model[64] = { 0 }, img[64];
	unsigned int bad = 0, n, s, e;

	srand(7);
	for (n = 0; n < 20000; n++) {
		s = rand() % 64;
		e = s + 1 + rand() % (64 - s);
		for (unsigned int i = s; i < e; i++)
			img[i] = rand();
		memcpy(model + s, img + s, e - s);
		virtio_legacy_config_capture(&sh, img, s, e);
		if (le16_to_cpu(sh.command) != (uint16_t)(model[4] | model[5] << 8) ||
		    le32_to_cpu(sh.bar0) != ((uint32_t)model[0x10] | model[0x11] << 8 |
					     model[0x12] << 16 | (uint32_t)model[0x13] << 24))
			bad++;
	}
	tap_ok(bad == 0, "capture: 20000 random writes keep COMMAND and BAR0 as last written (%u wrong)", bad);
}

static void test_decode(void)
{
	unsigned int bad = 0, n = 0, ref_off, first = ~0u;
	enum virtio_legacy_area area;
	uint64_t pos;
	size_t count;
	int msix;

	for (msix = 0; msix < 2; msix++)
		for (pos = 0; pos < 40; pos++)
			for (count = 1; count <= 9; count++) {
				int ra = -1, r, w;
				uint8_t off = 0xff;

				r = ref_decode(pos, count, msix, &ra, &ref_off);
				w = virtio_legacy_bar0_decode(pos, count, msix, &area, &off);
				n++;
				if (r != w || (!r && (ref_area(area) != ra || off != ref_off))) {
					bad++;
					if (first == ~0u)
						first = pos << 8 | count;
				}
			}
	tap_ok(bad == 0, "decode: %u (pos, size, MSI-X) cases match the reference (%u wrong, first pos %u size %u)",
	       n, bad, first >> 8, first & 0xff);
	tap_ok(virtio_legacy_bar0_decode(~0ULL - 1, 4, false, &area, &(uint8_t){0}) == -EINVAL,
	       "decode: a position near 2^64 does not wrap into range");
	tap_ok(virtio_legacy_bar0_decode(16, 2, true, &area, &(uint8_t){0}) == 0 &&
	       area == VIRTIO_LEGACY_NOTIFY, "decode: 16/2 is the notify doorbell");
}

int main(void)
{
	test_overlay();
	test_identity_values();
	test_capture();
	test_decode();
	return tap_done();
}
