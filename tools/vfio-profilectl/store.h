/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Definitions on disk: /etc/vfio-profile.d/pci-<BDF>, one per device.
 * Writers hold an exclusive flock on /etc/vfio-profile.d/.lock; files are
 * replaced atomically (temp file in the same directory, fsync, rename,
 * fsync of the directory), so readers never need the lock.
 * All functions print their own one-line error and return -1 on failure.
 */
#ifndef VPC_STORE_H
#define VPC_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "parse.h"
#include "vpc.h"

/* Load the definition of addr (canonical). *found is false when no file
 * exists. Parse errors are printed as "FILE:LINE: cause". */
int vpc_store_load(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found);

/* Same, silent: for callers that only want a valid old definition. */
int vpc_store_peek(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found);

/* Write the definition atomically (creates the directory if needed). */
int vpc_store_save(const struct vpc_ctx *ctx, const char *addr, const struct vpc_conf *conf);

/* Remove the definition; *found false when there was none. */
int vpc_store_remove(const struct vpc_ctx *ctx, const char *addr, bool *found);

/* Canonical addresses of all definition files, sorted by address.
 * Names that start with "pci-" but are not canonical are warned about. */
int vpc_store_list(const struct vpc_ctx *ctx, struct vpc_pci_addr **addrs, size_t *n);

/*
 * Take the writers' lock. must_write: the caller is going to write
 * /etc (creates the directory; failure is an error). Otherwise a lock
 * that cannot be created (read-only /etc, not root) is skipped, because
 * nobody can be writing definitions then. Returns an fd (or -2 for "no
 * lock needed") or -1 on error. Waits at most timeout_ms.
 */
int vpc_store_lock(const struct vpc_ctx *ctx, bool must_write, unsigned int timeout_ms);
void vpc_store_unlock(int fd);

#endif
