/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The persistence format: /etc/vfio-profile.d/pci-<BDF>
 *
 *   # comment lines start with '#' in the first column
 *   profile=transitional
 *
 * Strict on purpose (mdevctl #28: a lenient parser silently accepted stale
 * files): every deviation is an error that names the line. Rules:
 *  - at most VPC_CONF_FILE_MAX bytes, lines at most VPC_CONF_LINE_MAX bytes
 *    (without the '\n'); the last line may lack its '\n';
 *  - a line is empty, a comment ('#' in column 1) or key=value with no
 *    whitespace anywhere around the key or the value;
 *  - keys are [a-z][a-z0-9_]*; known keys: "profile" (required);
 *    a key may appear once;
 *  - no NUL bytes, no carriage returns.
 * This parser is pure (buffer in, struct out) so it can be fuzzed.
 */
#ifndef VPC_CONF_H
#define VPC_CONF_H

#include <stddef.h>

#include "vpc.h"

#define VPC_CONF_FILE_MAX 4096
#define VPC_CONF_LINE_MAX 255

struct vpc_conf {
	char profile[VPC_NAME_MAX + 1];
};

struct vpc_conf_err {
	unsigned int line;	/* 1-based; 0 when the error is about the whole file */
	char msg[160];
};

/* Returns 0, or -EINVAL with *err filled in. */
int vpc_conf_parse(const char *buf, size_t len, struct vpc_conf *conf, struct vpc_conf_err *err);

/* Serialise: returns the length written (without NUL) or -ENOSPC. */
int vpc_conf_format(const struct vpc_conf *conf, char *buf, size_t len);

#endif
