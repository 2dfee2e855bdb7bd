/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Definitions on disk: /etc/vfio-profile.d/pci-<BDF>, one per device, and
 * the selectors pf-<BDF> (every VF of that PF) and id-<vvvv:dddd>. The
 * functions below take the definition's key name (what vpc_key_format()
 * writes: "0000:01:00.0", "pf-0000:01:00.0", "id-1af4:1041"); the "addr"
 * parameters are such names.
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
#include "defset.h"
#include "parse.h"
#include "vpc.h"

/*
 * Load the definition of addr (canonical). *found is false when no file
 * exists. Parse errors are printed as "FILE:LINE: cause". Only a regular
 * file is read (opened with O_NOFOLLOW): anything else is refused with
 * "FILE: not a regular file (KIND); ignored" and its content never read.
 * A missing file below a dangling /etc/vfio-profile.d is an error, not
 * "no definition".
 */
int vpc_store_load(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found);

/*
 * Write the definition atomically (creates the directory if needed).
 * pfx: NULL, or what has already been done ("profile set to X (live),
 * but not persisted"); an error is then printed as "ADDR: pfx: cause".
 */
int vpc_store_save(const struct vpc_ctx *ctx, const char *addr, const struct vpc_conf *conf,
		   const char *pfx);

/* Remove the definition; *found false when there was none. pfx as for save. */
int vpc_store_remove(const struct vpc_ctx *ctx, const char *addr, bool *found, const char *pfx);

/*
 * Undo for define, with the lock held: vpc_store_keep() hard-links the
 * present entry (whatever it is: CRLF, comments, a symlink) to
 * .pci-<BDF>.backup; vpc_store_restore() renames it back, byte for byte,
 * or removes the definition when nothing was kept; vpc_store_drop()
 * forgets the copy after success. *kept false when there was no entry.
 */
int vpc_store_keep(const struct vpc_ctx *ctx, const char *addr, bool *kept);
int vpc_store_restore(const struct vpc_ctx *ctx, const char *addr, bool kept);
void vpc_store_drop(const struct vpc_ctx *ctx, const char *addr, bool kept);

/*
 * With the lock held: remove temporary files of writers that were killed
 * (.pci-<BDF>.XXXXXX, six letters or digits, as mkstemp makes them, and
 * .pci-<BDF>.backup). Every writer holds the lock for the whole life of
 * its temporary files, so any found now is stale whatever its age.
 * Other dot files (an editor's .pci-<BDF>.swp) are left alone. Failures
 * are reported as warnings and do not change the exit status.
 */
void vpc_store_clean(const struct vpc_ctx *ctx, const char *dev);

/* Every definition's key, exact and selectors, in vpc_key_cmp() order.
 * Names with a known prefix that are not canonical are warned about. */
int vpc_store_list_keys(const struct vpc_ctx *ctx, struct vpc_key **keys, size_t *n);

/*
 * With the lock held: replace every definition by set in one atomic step
 * (swap.c says how and why). Returns 0, or -1 (printed) with nothing
 * changed.
 */
int vpc_store_replace(const struct vpc_ctx *ctx, const struct vpc_defset *set);
/* With the lock held: remove what a killed import left in /etc. */
void vpc_store_clean_swaps(const struct vpc_ctx *ctx, const char *dev);

/*
 * Take the writers' lock. dev: the device for messages, or NULL.
 * must_write: the caller is going to write /etc (creates the directory;
 * failure is an error). Otherwise a lock that cannot be created
 * (read-only /etc, not root) is skipped, because nobody can be writing
 * definitions then. Returns an fd (or -2 for "no lock needed") or -1 on
 * error. Waits at most ctx->lock_timeout_ms; a timeout names the holder
 * when /proc/locks shows it.
 */
int vpc_store_lock(const struct vpc_ctx *ctx, const char *dev, bool must_write);
void vpc_store_unlock(int fd);

#endif
