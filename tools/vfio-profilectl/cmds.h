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
	const char *textfile;	/* check --textfile */
};

int vpc_cmd_list(const struct vpc_ctx *ctx);
int vpc_cmd_show(const struct vpc_ctx *ctx, const char *dev);
int vpc_cmd_set(const struct vpc_ctx *ctx, const char *dev, const char *profile, bool persist);
int vpc_cmd_define(const struct vpc_ctx *ctx, const char *dev, const char *profile);
int vpc_cmd_undefine(const struct vpc_ctx *ctx, const char *dev);
int vpc_cmd_apply(const struct vpc_ctx *ctx, const char *dev);	/* dev NULL: --all */
int vpc_cmd_sync(const struct vpc_ctx *ctx, int wait_seconds);
int vpc_cmd_check(const struct vpc_ctx *ctx, const char *textfile);	/* textfile may be NULL */
int vpc_cmd_export(const struct vpc_ctx *ctx);
int vpc_cmd_import(const struct vpc_ctx *ctx, const char *file);

/* Make configfs items match the definitions defs (items: what is there). */
struct vpc_key;
int vpc_sync_keys(const struct vpc_ctx *ctx, const struct vpc_key *defs, size_t ndefs,
		  const struct vpc_key *items, size_t nitems);

/*
 * After the definitions changed: apply each bound device's effective
 * definition where it can be (as define does: busy or unavailable devices
 * get a notice). Returns VPC_EXIT_OK or VPC_EXIT_PARTIAL.
 */
int vpc_apply_defined(const struct vpc_ctx *ctx);
/* The writers' lock, stale temporary files removed. Returns VPC_EXIT_*. */
int vpc_lock_for_write(const struct vpc_ctx *ctx, int *fd);

/* Worst of two exit codes: ERROR beats BUSY beats OK. */
int vpc_exit_merge(int a, int b);

#endif
