/* SPDX-License-Identifier: GPL-2.0-only */
/* The verbs. Each returns an exit code (VPC_EXIT_*) and prints its errors. */
#ifndef VPC_CMDS_H
#define VPC_CMDS_H

#include <stdbool.h>
#include <stddef.h>

#include "vpc.h"

struct vpc_opts {
	bool all;	/* apply --all */
	bool persist;	/* set --persist */
	bool wait_set;	/* sync --wait given */
	int wait;	/* sync --wait: seconds */
};

int vpc_cmd_list(const struct vpc_ctx *ctx);
int vpc_cmd_show(const struct vpc_ctx *ctx, const char *dev);
int vpc_cmd_set(const struct vpc_ctx *ctx, const char *dev, const char *profile, bool persist);
int vpc_cmd_define(const struct vpc_ctx *ctx, const char *dev, const char *profile);
int vpc_cmd_undefine(const struct vpc_ctx *ctx, const char *dev);
int vpc_cmd_apply(const struct vpc_ctx *ctx, const char *dev);	/* dev NULL: --all */
int vpc_cmd_sync(const struct vpc_ctx *ctx, int wait_seconds);

/* Make configfs items match the definitions defs (items: what is there). */
struct vpc_key;
int vpc_sync_keys(const struct vpc_ctx *ctx, const struct vpc_key *defs, size_t ndefs,
		  const struct vpc_key *items, size_t nitems);

/* Worst of two exit codes: ERROR beats BUSY beats OK. */
int vpc_exit_merge(int a, int b);

#endif
