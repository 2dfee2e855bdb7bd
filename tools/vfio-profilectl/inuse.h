/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "Is the device open?" the way lsof answers it: walk the /proc/<pid>/fd/ links for
 * links to /dev/vfio/<iommu group> or /dev/vfio/devices/vfioN. There is
 * deliberately no sysfs attribute for this; the kernel's -EBUSY on a
 * write to profiles/current stays the authoritative answer. Holding the
 * group counts as using every device in the group.
 */
#ifndef VPC_INUSE_H
#define VPC_INUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "device.h"
#include "vpc.h"

struct vpc_holder {
	pid_t pid;
	char comm[32];		/* sanitised /proc/<pid>/comm */
	char target[48];	/* "/dev/vfio/12" or "/dev/vfio/devices/vfio3" */
};

struct vpc_holders {
	struct vpc_holder *v;	/* sorted by pid */
	size_t n;
	bool incomplete;	/* some /proc/<pid>/fd could not be read */
};

/* One pass over /proc for all devices. Returns 0 or -1 (printed). */
int vpc_holders_scan(const struct vpc_ctx *ctx, struct vpc_holders *h);
void vpc_holders_free(struct vpc_holders *h);

/* Holders of d (count), *first = the lowest pid among them. */
size_t vpc_holders_of(const struct vpc_holders *h, const struct vpc_dev *d,
		      const struct vpc_holder **first);

#endif
