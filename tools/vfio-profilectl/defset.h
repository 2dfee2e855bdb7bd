/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exchange format of export and import: the whole set of definitions
 * as one JSON document (schema in vfio-profilectl.8, "EXPORT FORMAT"):
 *
 *   {
 *      "version": 1,
 *      "definitions": [
 *         {"match": "0000:01:00.2", "profile": "native"},
 *         {"match": "pf-0000:01:00.0", "profile": "transitional"},
 *         {"match": "id-1af4:1041", "profile": "native"}
 *      ]
 *   }
 *
 * The reader is strict and bounded, and pure (buffer in, set out) so it can
 * be fuzzed: RFC 8259 syntax, nothing after the document, no duplicate or
 * unknown keys, "version" exactly 1, at most VPC_DEFSET_MAX entries, each
 * "match" a definition name in canonical form and unique, each "profile" a
 * valid profile name. Errors name the entry ("definitions[3] (match
 * 'pf-0000:01:00.0'): ...") or the place ("line 4, column 9: ...").
 */
#ifndef VPC_DEFSET_H
#define VPC_DEFSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "parse.h"
#include "vpc.h"

#define VPC_DEFSET_MAX 4096
#define VPC_DEFSET_FILE_MAX (1024 * 1024)

struct vpc_defset_entry {
	struct vpc_key key;
	char name[VPC_KEY_LEN];		/* the key's name */
	char profile[VPC_NAME_MAX + 1];
};

struct vpc_defset {
	struct vpc_defset_entry *v;	/* sorted by key (vpc_key_cmp) */
	size_t n;
};

struct vpc_defset_err {
	char msg[256];
};

/* Returns 0, -EINVAL (err filled in) or -ENOMEM. */
int vpc_defset_parse(const char *buf, size_t len, struct vpc_defset *set, struct vpc_defset_err *err);
void vpc_defset_free(struct vpc_defset *set);
/* Sort by key; a set built by hand must be sorted before it is compared. */
void vpc_defset_sort(struct vpc_defset *set);
/* Same keys with the same profiles (both sorted). */
bool vpc_defset_equal(const struct vpc_defset *a, const struct vpc_defset *b);
/* Write the set as the export document. */
void vpc_defset_print(FILE *f, const struct vpc_defset *set);

#endif
