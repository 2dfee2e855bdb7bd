// SPDX-License-Identifier: GPL-2.0-only
/* Pure parsers for DEV arguments and names; see parse.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly n hex digits (min..max) at *p; advances *p. */
static int hexfield(const char **p, unsigned int min, unsigned int max, uint32_t *out)
{
	uint32_t v = 0;
	unsigned int n = 0;
	int d;

	while ((d = hexval(**p)) >= 0) {
		if (++n > max)
			return -EINVAL;
		v = (v << 4) | (uint32_t)d;
		(*p)++;
	}
	if (n < min)
		return -EINVAL;
	*out = v;
	return 0;
}

int vpc_pci_addr_parse(const char *s, struct vpc_pci_addr *a, bool *canonical)
{
	const char *p = s;
	uint32_t dom = 0, bus, dev, fn;
	char buf[VPC_ADDR_LEN];
	int colons = 0;

	for (const char *q = s; *q; q++)
		colons += *q == ':';
	if (colons == 2) {
		if (hexfield(&p, 4, 8, &dom) || *p++ != ':')
			return -EINVAL;
	} else if (colons != 1) {
		return -EINVAL;
	}
	if (hexfield(&p, 2, 2, &bus) || *p++ != ':')
		return -EINVAL;
	if (hexfield(&p, 2, 2, &dev) || *p++ != '.' || dev > 0x1f)
		return -EINVAL;
	if (hexfield(&p, 1, 1, &fn) || *p != '\0' || fn > 7)
		return -EINVAL;
	a->domain = dom;
	a->bus = (uint8_t)bus;
	a->dev = (uint8_t)dev;
	a->fn = (uint8_t)fn;
	if (canonical) {
		vpc_pci_addr_format(a, buf);
		*canonical = strcmp(buf, s) == 0;
	}
	return 0;
}

void vpc_pci_addr_format(const struct vpc_pci_addr *a, char buf[VPC_ADDR_LEN])
{
	snprintf(buf, VPC_ADDR_LEN, "%04x:%02x:%02x.%x", (unsigned int)a->domain,
		 (unsigned int)a->bus, (unsigned int)a->dev, (unsigned int)a->fn);
}

int vpc_pci_addr_cmp(const struct vpc_pci_addr *a, const struct vpc_pci_addr *b)
{
	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return 0;
}

int vpc_vfio_name_parse(const char *s, unsigned int *index)
{
	unsigned long v = 0;
	const char *p;

	if (strncmp(s, "vfio", 4) != 0)
		return -EINVAL;
	p = s + 4;
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] != '\0'))
		return -EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
		/* The kernel's IDA index is an int. */
		if (v > INT_MAX)
			return -EINVAL;
	}
	*index = (unsigned int)v;
	return 0;
}

bool vpc_name_valid(const char *s)
{
	size_t n = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (n >= VPC_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int vpc_spec_parse(const char *s, struct vpc_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	if (strncmp(s, "/sys/", 5) == 0) {
		/* Leave room for the root prefix; the lookup rejects the rest. */
		if (strnlen(s, PATH_MAX) >= PATH_MAX / 2)
			return -EINVAL;
		spec->kind = VPC_SPEC_PATH;
		spec->path = s;
		return 0;
	}
	if (vpc_vfio_name_parse(s, &spec->vfio) == 0) {
		spec->kind = VPC_SPEC_VFIO;
		return 0;
	}
	if (vpc_pci_addr_parse(s, &spec->addr, NULL) == 0) {
		spec->kind = VPC_SPEC_ADDR;
		return 0;
	}
	return -EINVAL;
}

bool vpc_key_is_selector(const char *s)
{
	return strncmp(s, "pf-", 3) == 0 || strncmp(s, "id-", 3) == 0;
}

int vpc_key_parse(const char *s, struct vpc_key *k, bool *canonical)
{
	char buf[VPC_KEY_LEN];
	uint32_t v, d;
	const char *p;

	memset(k, 0, sizeof(*k));
	if (strncmp(s, "id-", 3) == 0) {
		p = s + 3;
		if (hexfield(&p, 4, 4, &v) || *p++ != ':' || hexfield(&p, 4, 4, &d) || *p)
			return -EINVAL;
		k->kind = VPC_KEY_ID;
		k->vendor = (uint16_t)v;
		k->device = (uint16_t)d;
	} else if (strncmp(s, "pf-", 3) == 0) {
		k->kind = VPC_KEY_PF;
		if (vpc_pci_addr_parse(s + 3, &k->addr, NULL))
			return -EINVAL;
	} else {
		k->kind = VPC_KEY_EXACT;
		if (vpc_pci_addr_parse(s, &k->addr, NULL))
			return -EINVAL;
	}
	if (canonical) {
		vpc_key_format(k, buf);
		*canonical = strcmp(buf, s) == 0;
	}
	return 0;
}

void vpc_key_format(const struct vpc_key *k, char buf[VPC_KEY_LEN])
{
	char a[VPC_ADDR_LEN];

	switch (k->kind) {
	case VPC_KEY_ID:
		snprintf(buf, VPC_KEY_LEN, "id-%04x:%04x", (unsigned int)k->vendor,
			 (unsigned int)k->device);
		return;
	case VPC_KEY_PF:
		vpc_pci_addr_format(&k->addr, a);
		snprintf(buf, VPC_KEY_LEN, "pf-%s", a);
		return;
	case VPC_KEY_EXACT:
		break;
	}
	vpc_pci_addr_format(&k->addr, buf);
}

void vpc_key_fname(const struct vpc_key *k, char buf[VPC_KEY_LEN])
{
	char a[VPC_ADDR_LEN];

	if (k->kind != VPC_KEY_EXACT) {
		vpc_key_format(k, buf);
		return;
	}
	vpc_pci_addr_format(&k->addr, a);
	snprintf(buf, VPC_KEY_LEN, "pci-%s", a);
}

int vpc_key_from_fname(const char *fname, struct vpc_key *k)
{
	bool canon;

	if (strncmp(fname, "pci-", 4) == 0) {
		if (vpc_key_parse(fname + 4, k, &canon) || !canon || k->kind != VPC_KEY_EXACT)
			return -EINVAL;
		return 0;
	}
	if (!vpc_key_is_selector(fname) || vpc_key_parse(fname, k, &canon) || !canon)
		return -EINVAL;
	return 0;
}

int vpc_key_cmp(const struct vpc_key *a, const struct vpc_key *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == VPC_KEY_ID) {
		if (a->vendor != b->vendor)
			return a->vendor < b->vendor ? -1 : 1;
		if (a->device != b->device)
			return a->device < b->device ? -1 : 1;
		return 0;
	}
	return vpc_pci_addr_cmp(&a->addr, &b->addr);
}

const char *vpc_key_kind_name(enum vpc_key_kind kind)
{
	switch (kind) {
	case VPC_KEY_PF:
		return "PF selector";
	case VPC_KEY_ID:
		return "ID selector";
	case VPC_KEY_EXACT:
		break;
	}
	return "exact address";
}
