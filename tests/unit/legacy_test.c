// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the transitional profile's pure logic: the config header
 * overlay, the capture of emulated registers, and BAR0 decoding
 * (drivers/vfio/pci/virtio/legacy_{config,decode}.c, compiled unchanged),
 * exhaustively against reference models.  The checks are legacy_checks.h,
 * shared with the KUnit suite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/byteorder.h>

#include "../../drivers/vfio/pci/virtio/legacy.h"
#include "legacy_checks.h"
#include "tap.h"

int main(void)
{
	unsigned int windows, outside, cases, bad;

	bad = legacy_check_overlay(&windows, &outside);
	tap_ok(bad == 0, "overlay: %u access windows x shadows match the reference (%u wrong)",
	       windows, bad);
	tap_ok(outside == 0, "overlay: no byte outside the access is written (%u were)", outside);
	bad = legacy_check_identity();
	tap_ok(bad == 0, "identity: device 0x1000, revision 0, subsystem 1af4:0001, BAR0 sizes as 32-byte I/O, IO decode follows COMMAND.IO (%u wrong)",
	       bad);
	bad = legacy_check_capture(20000);
	tap_ok(bad == 0, "capture: 20000 random writes keep COMMAND and BAR0 as last written (%u wrong)",
	       bad);
	bad = legacy_check_decode(&cases);
	tap_ok(bad == 0, "decode: %u (pos, size, MSI-X) cases and a near-2^64 position match the reference (%u wrong)",
	       cases, bad);
	return tap_done();
}
