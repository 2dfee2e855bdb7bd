// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for vfio-profilectl's parsers. The first input byte
 * picks the parser, the rest is its input:
 *   even: the definition-file parser (vpc_conf_parse), plus a round trip:
 *         whatever it accepts must format and parse back to the same;
 *   1 mod 4: the DEV-string parsers (vpc_spec_parse, PCI address, vfioN,
 *         profile names, definition keys), with invariants: a parsed
 *         address or key formats to a canonical string that parses back
 *         to itself;
 *   3 mod 4: the import reader (vpc_defset_parse): what it accepts prints
 *         and parses back to the same set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "conf.h"
#include "defset.h"
#include "parse.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void fuzz_conf(const uint8_t *data, size_t size)
{
	struct vpc_conf conf, again;
	struct vpc_conf_err err;
	char buf[128];
	int n;

	if (vpc_conf_parse((const char *)data, size, &conf, &err)) {
		CHECK(err.msg[0] != '\0');
		CHECK(memchr(err.msg, '\n', sizeof(err.msg)) == NULL);
		return;
	}
	CHECK(vpc_name_valid(conf.profile));
	n = vpc_conf_format(&conf, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK(vpc_conf_parse(buf, (size_t)n, &again, &err) == 0);
	CHECK(strcmp(conf.profile, again.profile) == 0);
}

static void fuzz_dev(const uint8_t *data, size_t size)
{
	char s[256], canon[VPC_ADDR_LEN];
	struct vpc_pci_addr a, b;
	struct vpc_spec spec;
	unsigned int idx;
	bool is_canon;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (vpc_pci_addr_parse(s, &a, &is_canon) == 0) {
		vpc_pci_addr_format(&a, canon);
		CHECK(vpc_pci_addr_parse(canon, &b, &is_canon) == 0 && is_canon);
		CHECK(vpc_pci_addr_cmp(&a, &b) == 0);
	}
	if (vpc_vfio_name_parse(s, &idx) == 0)
		CHECK(strncmp(s, "vfio", 4) == 0);
	if (vpc_name_valid(s))
		CHECK(strlen(s) <= VPC_NAME_MAX && s[0] != '-');
	if (vpc_spec_parse(s, &spec) == 0 && spec.kind == VPC_SPEC_PATH)
		CHECK(spec.path == s);
	{
		struct vpc_key k, k2;
		char name[VPC_KEY_LEN], fname[VPC_KEY_LEN];

		if (vpc_key_parse(s, &k, &is_canon) == 0) {
			vpc_key_format(&k, name);
			CHECK(vpc_key_parse(name, &k2, &is_canon) == 0 && is_canon);
			CHECK(vpc_key_cmp(&k, &k2) == 0);
			vpc_key_fname(&k, fname);
			CHECK(vpc_key_from_fname(fname, &k2) == 0 && vpc_key_cmp(&k, &k2) == 0);
		}
	}
}

static void fuzz_defset(const uint8_t *data, size_t size)
{
	struct vpc_defset set, again;
	struct vpc_defset_err err;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f;

	if (vpc_defset_parse((const char *)data, size, &set, &err)) {
		CHECK(err.msg[0] != '\0');
		CHECK(memchr(err.msg, '\n', sizeof(err.msg)) == NULL);
		return;
	}
	for (size_t i = 0; i < set.n; i++) {
		CHECK(vpc_name_valid(set.v[i].profile));
		if (i)
			CHECK(vpc_key_cmp(&set.v[i - 1].key, &set.v[i].key) < 0);
	}
	/* What export prints of it reads back as the same set. */
	f = open_memstream(&out, &outlen);
	CHECK(f);
	vpc_defset_print(f, &set);
	CHECK(fclose(f) == 0);
	CHECK(vpc_defset_parse(out, outlen, &again, &err) == 0);
	CHECK(vpc_defset_equal(&set, &again));
	free(out);
	vpc_defset_free(&again);
	vpc_defset_free(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if ((data[0] & 3) == 3)
		fuzz_defset(data + 1, size - 1);
	else if (data[0] & 1)
		fuzz_dev(data + 1, size - 1);
	else
		fuzz_conf(data + 1, size - 1);
	return 0;
}
