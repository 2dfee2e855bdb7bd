/* SPDX-License-Identifier: GPL-2.0-only */
/* glibc includes <linux/errno.h> too: chain to the real one. */
#ifndef SHIM_LINUX_ERRNO_H
#define SHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#include <errno.h>
#endif
