// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: random sequences of (offset, size, op) on the emulated
 * config header and BAR0, driven through the driver's pure logic and the
 * reference models in legacy_ref.h, which must agree at every step.
 *
 * Each op takes 4 input bytes: kind, offset, size, data seed.
 *   kind 0: config write (captured), 1: config read (overlaid),
 *   kind 2: BAR0 decode with MSI-X off, 3: with MSI-X on.
 */
#include <stdlib.h>
#include <string.h>

#include "../../drivers/vfio/pci/virtio/legacy.h"
#include "legacy_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct virtio_legacy_shadow sh = { 0 };
	uint8_t written[64] = { 0 }, phys[64], hdr[64], want[64];
	size_t i, j;

	for (i = 0; i < 64; i++)
		phys[i] = (uint8_t)(i * 91 + 3);

	for (i = 0; i + 4 <= size; i += 4) {
		unsigned int kind = data[i] % 4, off = data[i + 1], len = data[i + 2] % 9;
		uint8_t seed = data[i + 3];

		if (kind < 2) {
			unsigned int s = off % 64, e = s + len > 64 ? 64 : s + len;

			if (s == e)
				continue;
			if (kind == 0) {
				for (j = s; j < e; j++)
					hdr[j] = written[j] = (uint8_t)(seed + j * 13);
				virtio_legacy_config_capture(&sh, hdr, s, e);
			} else {
				uint32_t bar0 = written[0x10] | written[0x11] << 8 |
						written[0x12] << 16 | (uint32_t)written[0x13] << 24;

				ref_header(phys, bar0, written[4] | written[5] << 8, want);
				memcpy(hdr + s, phys + s, e - s);
				virtio_legacy_config_overlay(&sh, hdr, s, e);
				if (memcmp(hdr + s, want + s, e - s))
					abort();
			}
		} else {
			enum virtio_legacy_area area;
			unsigned int ref_off;
			uint8_t got_off;
			int ref_area_v, r, w;

			r = ref_decode(off, len, kind == 3, &ref_area_v, &ref_off);
			w = virtio_legacy_bar0_decode(off, len, kind == 3, &area, &got_off);
			if (r != w)
				abort();
			if (!r && (got_off != ref_off ||
				   (area == VIRTIO_LEGACY_COMMON ? REF_COMMON :
				    area == VIRTIO_LEGACY_NOTIFY ? REF_NOTIFY : REF_DEVICE) != ref_area_v))
				abort();
		}
	}
	return 0;
}
