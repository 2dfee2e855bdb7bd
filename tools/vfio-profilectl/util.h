/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers: root-prefixed paths, bounded reads, one-line messages. */
#ifndef VPC_UTIL_H
#define VPC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#include "vpc.h"

/* root + logical path -> buf. Returns 0 or -ENAMETOOLONG. */
int vpc_path(const struct vpc_ctx *ctx, char *buf, size_t len, const char *logical);
/* Same, with a printf-style logical path. */
int vpc_pathf(const struct vpc_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* snprintf that reports truncation: 0 or -ENAMETOOLONG. For paths, where
 * a silently cut name would open the wrong file. */
int vpc_fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Read at most len-1 bytes of a small file (sysfs attribute, /proc/PID/comm)
 * into buf and NUL-terminate it. Returns the byte count or -errno.
 * O_NONBLOCK keeps a FIFO planted in a fake tree from hanging us.
 */
ssize_t vpc_read_small(const char *path, char *buf, size_t len);

/* First line of a small file, trailing whitespace removed, control
 * characters replaced by '?'. Returns 0 or -errno. */
int vpc_read_line(const char *path, char *buf, size_t len);

/* Basename of a symlink's target. Returns 0 or -errno. */
int vpc_readlink_base(const char *path, char *buf, size_t len);

/*
 * Quote untrusted text for a one-line message: 'text' with
 * non-printable bytes as \xNN and long text cut with "...".
 */
const char *vpc_quote(const char *s, char *buf, size_t len);
const char *vpc_quote_n(const char *s, size_t n, char *buf, size_t len);

/* Replace bytes outside printable ASCII by '?' in place. */
void vpc_sanitize(char *s);

/*
 * Print "vfio-profilectl: DEV: message" (or without "DEV: " when dev is
 * NULL) to stderr with a single write(2), so lines from concurrent runs
 * never interleave.
 */
void vpc_err(const char *dev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vpc_verr(const char *dev, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Human text for an errno from a filesystem write, with the hint people
 * need: "permission denied (root is needed)" (only when not root: root
 * gets strerror), "read-only file system". */
const char *vpc_write_strerror(int err);

/*
 * Room for element cnt of a growing array: returns the (possibly moved)
 * array, or NULL after printing "out of memory" (the old one is then still
 * valid and the caller frees it).
 */
void *vpc_grow(void *v, size_t *cap, size_t cnt, size_t elem, size_t first);

#endif
