/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pure string parsers: PCI addresses, vfioN names, profile names and the
 * DEV argument. No I/O, so the fuzz target and unit tests use them as is.
 */
#ifndef VPC_PARSE_H
#define VPC_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "vpc.h"

struct vpc_pci_addr {
	uint32_t domain;
	uint8_t bus, dev, fn;
};

/*
 * "dddd:bb:dd.f" (domain 4 to 8 hex digits) or "bb:dd.f" (domain 0000).
 * Hex digits in either case; device <= 0x1f, function <= 7.
 * *canonical (optional) tells whether s is exactly the kernel's spelling,
 * which is what file names and configfs item names must use.
 * Returns 0 or -EINVAL.
 */
int vpc_pci_addr_parse(const char *s, struct vpc_pci_addr *a, bool *canonical);
/* The kernel's spelling: "%04x:%02x:%02x.%x". */
void vpc_pci_addr_format(const struct vpc_pci_addr *a, char buf[VPC_ADDR_LEN]);
int vpc_pci_addr_cmp(const struct vpc_pci_addr *a, const struct vpc_pci_addr *b);

/* "vfio" followed by a decimal index without leading zeros. */
int vpc_vfio_name_parse(const char *s, unsigned int *index);

/* [a-z0-9][a-z0-9_-]{0,30}: never looks like an option, safe in paths. */
bool vpc_name_valid(const char *s);
#define VPC_NAME_RULE "1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit"

enum vpc_spec_kind {
	VPC_SPEC_ADDR,	/* full or short PCI address */
	VPC_SPEC_VFIO,	/* vfioN */
	VPC_SPEC_PATH,	/* a /sys/... path */
};

struct vpc_spec {
	enum vpc_spec_kind kind;
	struct vpc_pci_addr addr;	/* VPC_SPEC_ADDR */
	unsigned int vfio;		/* VPC_SPEC_VFIO */
	const char *path;		/* VPC_SPEC_PATH: points into the input */
};

/* Classify a DEV argument. Returns 0 or -EINVAL (not any of the forms). */
int vpc_spec_parse(const char *s, struct vpc_spec *spec);

#endif
