/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which definition applies to a device, and why: the same precedence the
 * kernel uses at probe (an exact address, then the PF selector of a VF's
 * PF, then the ID selector of its vendor:device, then the module's
 * default_profile). The definitions are read once per run into a
 * struct vpc_defs, so a check over hundreds of devices reads each file
 * once.
 */
#ifndef VPC_RULES_H
#define VPC_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "device.h"
#include "parse.h"
#include "vpc.h"

struct vpc_def {
	char name[VPC_KEY_LEN];		/* the key's name */
	int state;			/* DEF_* in rules.c */
	char profile[VPC_NAME_MAX + 1];
};

struct vpc_defs {
	struct vpc_def *v;
	size_t n, cap;
	/* v holds every file on disk: a name not in it is not defined. Else
	 * a name is looked up (and remembered) when first asked for. */
	bool listed;
	/* /sys/module/vfio_profile/parameters/default_profile, or "". */
	char default_profile[VPC_NAME_MAX + 1];
};

/* Every definition (listed). Returns 0 or -1 (printed: the directory
 * cannot be read). */
int vpc_defs_list(const struct vpc_ctx *ctx, struct vpc_defs *defs);
/* Look definitions up one by one (show, apply DEV). */
void vpc_defs_lazy(const struct vpc_ctx *ctx, struct vpc_defs *defs);
void vpc_defs_free(struct vpc_defs *defs);
/* The addresses of the exact definitions of a listed set, sorted. */
int vpc_exact_defs(const struct vpc_defs *defs, struct vpc_pci_addr **addrs, size_t *n);

/* The definition named name: 1 (*profile set), 0 none, -1 a file that
 * cannot be used (its error is printed once). */
int vpc_defs_get(const struct vpc_ctx *ctx, struct vpc_defs *defs, const char *name,
		 const char **profile);

enum vpc_rule_kind {
	VPC_RULE_NONE,		/* nothing asks for a profile */
	VPC_RULE_EXACT,
	VPC_RULE_PF,
	VPC_RULE_ID,
	VPC_RULE_DEFAULT,	/* the module parameter default_profile */
};

struct vpc_effective {
	enum vpc_rule_kind kind;
	char rule[VPC_KEY_LEN];		/* the key's name, "default_profile" or "" */
	char profile[VPC_NAME_MAX + 1];	/* "" for VPC_RULE_NONE */
};

/*
 * The definition that applies to d. A definition file that cannot be used
 * stops the search there (falling through to a less specific one would
 * apply what nobody asked for): returns -1 with e->rule naming it and
 * e->profile empty. Returns 0 otherwise.
 */
int vpc_effective(const struct vpc_ctx *ctx, struct vpc_defs *defs, const struct vpc_dev *d,
		  struct vpc_effective *e);

/* "exact", "pf", "id", "default_profile" or NULL: the JSON "rule_kind". */
const char *vpc_rule_kind_json(enum vpc_rule_kind kind);
/* One phrase for people: "PF selector: every VF of 0000:01:00.0". */
void vpc_rule_why(const struct vpc_effective *e, const struct vpc_dev *d, char *buf, size_t len);

#endif
