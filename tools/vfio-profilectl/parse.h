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

/*
 * What a definition applies to, in precedence order (design: an exact
 * address beats a PF selector, which beats an ID selector). The key's
 * name is the configfs item's name: "dddd:bb:dd.f", "pf-dddd:bb:dd.f" or
 * "id-vvvv:dddd", and the definition file is "pci-<address>" for an exact
 * key and the key's name for a selector.
 */
enum vpc_key_kind {
	VPC_KEY_EXACT,
	VPC_KEY_PF,	/* every VF of that PF */
	VPC_KEY_ID,	/* every device with that vendor:device ID */
};

struct vpc_key {
	enum vpc_key_kind kind;
	struct vpc_pci_addr addr;	/* EXACT, PF */
	uint16_t vendor, device;	/* ID */
};

/* "pf-" + longest address, or "pci-" + address for a file name. */
#define VPC_KEY_LEN 24

/*
 * A definition's name as the user writes it: a PCI address (full or
 * short), "pf-" and a PCI address, or "id-" and four hex digits, ':',
 * four hex digits (either case). *canonical (optional): s is exactly the
 * key's name. Returns 0 or -EINVAL.
 */
int vpc_key_parse(const char *s, struct vpc_key *k, bool *canonical);
/* Is s a selector ("pf-" or "id-" prefix), i.e. not a DEV? */
bool vpc_key_is_selector(const char *s);
/* The key's name (configfs item name). */
void vpc_key_format(const struct vpc_key *k, char buf[VPC_KEY_LEN]);
/* The definition file's name: "pci-<address>", "pf-<address>", "id-<id>". */
void vpc_key_fname(const struct vpc_key *k, char buf[VPC_KEY_LEN]);
/* A definition file's name back to its key; canonical names only. */
int vpc_key_from_fname(const char *fname, struct vpc_key *k);
/* Precedence order: exact, then PF, then ID; by address/ID within a kind. */
int vpc_key_cmp(const struct vpc_key *a, const struct vpc_key *b);
/* "exact address", "PF selector", "ID selector" */
const char *vpc_key_kind_name(enum vpc_key_kind kind);

#endif
