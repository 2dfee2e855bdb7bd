/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pre-probe policy items in configfs: /sys/kernel/config/vfio_profile/<BDF>,
 * pf-<BDF> and id-<vvvv:dddd>, each with a "profile" attribute; "addr"
 * parameters below are such item names (vpc_key_format()). The directory exists only while the
 * vfio_profile module is loaded and configfs is mounted. Functions print
 * their own errors and return -1 on failure.
 */
#ifndef VPC_CONFIGFS_H
#define VPC_CONFIGFS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "vpc.h"

bool vpc_cfs_present(const struct vpc_ctx *ctx);

/* The policy of addr; *found false when there is no item. */
int vpc_cfs_read(const struct vpc_ctx *ctx, const char *addr, char *name, size_t len, bool *found);

/* Create the item if needed and set its profile (unless already set).
 * Returns 0, -1 (printed) or, with quiet_einval, -EINVAL unprinted when
 * the kernel refuses the name (an item created for it is removed).
 * pfx: NULL, or what has already been done; errors are then printed as
 * "ADDR: pfx: cause". */
int vpc_cfs_push(const struct vpc_ctx *ctx, const char *addr, const char *name, bool quiet_einval,
		 const char *pfx);

/* Remove the item; *found false when there was none. pfx as for push. */
int vpc_cfs_remove(const struct vpc_ctx *ctx, const char *addr, bool *found, const char *pfx);

/* Every item, exact and selectors (unsorted). */
int vpc_cfs_list_keys(const struct vpc_ctx *ctx, struct vpc_key **keys, size_t *n);

#endif
