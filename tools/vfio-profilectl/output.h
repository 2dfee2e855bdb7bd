/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Presentation of list/show: libsmartcols tables for people, JSON
 * (schema in vfio-profilectl.8, "JSON OUTPUT") for scripts.
 */
#ifndef VPC_OUTPUT_H
#define VPC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "device.h"
#include "inuse.h"
#include "rules.h"
#include "vpc.h"

/* Everything known about one device, gathered by the read verbs. */
struct vpc_row {
	struct vpc_dev dev;
	bool defined;				/* a definition applies */
	char defined_profile[VPC_NAME_MAX + 1];	/* ...and names this profile */
	struct vpc_effective eff;		/* which one, and why */
	bool has_policy;			/* configfs item exists */
	char policy[VPC_ATTR_MAX];
	size_t nholders;
	const struct vpc_holder *holder;	/* lowest pid, or NULL */
	bool holders_incomplete;
};

/* s[0..len) as a JSON string on stdout (printable ASCII kept, '?' else). */
void vpc_json_string(const char *s, size_t len);

int vpc_out_list(const struct vpc_ctx *ctx, const struct vpc_row *rows, size_t n);
int vpc_out_show(const struct vpc_ctx *ctx, const struct vpc_row *row);

#endif
