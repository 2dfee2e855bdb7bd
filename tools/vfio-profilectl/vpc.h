/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-profilectl: shared types, limits and exit codes.
 *
 * Everything a command needs travels in a struct vpc_ctx that main()
 * builds once; there is no mutable global state, so the helpers can be
 * linked into the unit tests and the fuzz target unchanged.
 */
#ifndef VPC_H
#define VPC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define VPC_PROG "vfio-profilectl"
#ifndef VPC_VERSION
#define VPC_VERSION "0.1.0"
#endif

/* Exit codes (documented in vfio-profilectl.8). */
enum {
	VPC_EXIT_OK = 0,
	VPC_EXIT_ERROR = 1,
	VPC_EXIT_USAGE = 2,
	VPC_EXIT_BUSY = 3,
	VPC_EXIT_PARTIAL = 4,	/* some of the change was made: the message says what */
	VPC_EXIT_DRIFT = 5,	/* check: a device's profile differs from its definition */
};

/* Profile names: [a-z0-9][a-z0-9_-]{0,30}. */
#define VPC_NAME_MAX 31
/* "ffffffff:ff:1f.7" plus NUL, rounded up. */
#define VPC_ADDR_LEN 20
/* Longest value we keep from a sysfs attribute: a sysfs read returns at
 * most one page, but no profile list is anywhere near that long. */
#define VPC_ATTR_MAX 256

/* Logical locations on the target system; the root prefix is added. */
#define VPC_CONF_DIR "/etc/vfio-profile.d"
#define VPC_LOCK_FILE VPC_CONF_DIR "/.lock"
/* Longest root prefix: leaves half of PATH_MAX for the logical paths
 * (sysfs paths are long; DEV paths are limited to the same half). */
#define VPC_ROOT_MAX (PATH_MAX / 2 - 1)
#define VPC_CONFIGFS_DIR "/sys/kernel/config/vfio_profile"

struct vpc_ctx {
	/* Real path of the root prefix, "" for "/". Never ends in '/'. */
	char root[PATH_MAX];
	bool json;
	bool noheadings;
	/* How long writers wait for the lock (VFIO_PROFILECTL_LOCK_TIMEOUT). */
	unsigned int lock_timeout_ms;
};

#endif
