/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reference models of the transitional device, written from the spec and
 * the ABI independently of the driver's code, for the unit tests and the
 * fuzz target to compare against.
 */
#ifndef LEGACY_REF_H
#define LEGACY_REF_H
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#endif

/* The whole transitional header for a given physical one and shadow. */
static inline void ref_header(const uint8_t *phys, uint32_t bar0, uint16_t cmd,
			      uint8_t *out)
{
	uint32_t b = (bar0 & ~31u) | 1u;

	memcpy(out, phys, 64);
	out[0x02] = 0x00; out[0x03] = 0x10;		/* device 0x1000 */
	out[0x04] = (phys[0x04] & ~1u) | (cmd & 1u);	/* COMMAND.IO */
	out[0x08] = 0;					/* revision */
	out[0x10] = b; out[0x11] = b >> 8; out[0x12] = b >> 16; out[0x13] = b >> 24;
	out[0x2c] = 0xf4; out[0x2d] = 0x1a;		/* subsystem vendor */
	out[0x2e] = 0x01; out[0x2f] = 0x00;		/* subsystem 1 (net) */
}

/*
 * BAR0 routing by classifying each byte: 0 common, 1 notify, 2 device.
 * Returns 0/area/offset like the driver, or -EINVAL.
 */
static inline int ref_decode(uint64_t pos, size_t count, bool msix, int *area,
			     unsigned int *offset)
{
	unsigned int boundary = msix ? 24 : 20, i, kind = 3;

	if (!(count == 1 || count == 2 || count == 4) || pos > 32 || pos + count > 32)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		unsigned int b = pos + i;
		unsigned int k = (b == 16 || b == 17) ? 1 : b < boundary ? 0 : 2;

		if (i && k != kind)
			return -EINVAL;
		kind = k;
	}
	if (kind == 1) {
		if (pos != 16 || count != 2)
			return -EINVAL;
		*offset = 0;
	} else {
		*offset = kind == 0 ? pos : pos - boundary;
	}
	*area = kind;
	return 0;
}

/* Area numbers of the driver's enum, in the reference's terms. */
#define REF_COMMON 0
#define REF_NOTIFY 1
#define REF_DEVICE 2
#endif
