// SPDX-License-Identifier: GPL-2.0-only
/* Strict parser and writer for the persistence format; see conf.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "parse.h"
#include "util.h"

static int fail(struct vpc_conf_err *err, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct vpc_conf_err *err, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool key_valid(const char *k, size_t n)
{
	if (n == 0 || k[0] < 'a' || k[0] > 'z')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return false;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int parse_line(const char *l, size_t n, unsigned int lineno, struct vpc_conf *conf,
		      unsigned int *profile_line, struct vpc_conf_err *err)
{
	const char *eq;
	size_t klen, vlen;
	char q[64], value[VPC_CONF_LINE_MAX + 1];

	if (memchr(l, '\0', n))
		return fail(err, lineno, "NUL byte");
	if (n > VPC_CONF_LINE_MAX)
		return fail(err, lineno, "line too long (more than %d bytes)", VPC_CONF_LINE_MAX);
	if (memchr(l, '\r', n))
		return fail(err, lineno, "carriage return (DOS line ending?)");
	if (n == 0 || l[0] == '#')
		return 0;
	if (is_space(l[0]))
		return fail(err, lineno, "leading whitespace");
	if (is_space(l[n - 1]))
		return fail(err, lineno, "trailing whitespace");
	eq = memchr(l, '=', n);
	if (!eq)
		return fail(err, lineno, "malformed line %s (expected key=value)",
			    vpc_quote_n(l, n, q, sizeof(q)));
	klen = (size_t)(eq - l);
	vlen = n - klen - 1;
	if ((klen && is_space(eq[-1])) || (vlen && is_space(eq[1])))
		return fail(err, lineno, "whitespace around '='");
	if (klen == 0)
		return fail(err, lineno, "missing key before '='");
	if (!key_valid(l, klen))
		return fail(err, lineno, "invalid key %s", vpc_quote_n(l, klen, q, sizeof(q)));
	if (klen != 7 || memcmp(l, "profile", 7) != 0)
		return fail(err, lineno, "unknown key %s", vpc_quote_n(l, klen, q, sizeof(q)));
	if (*profile_line)
		return fail(err, lineno, "duplicate key 'profile' (first on line %u)", *profile_line);
	memcpy(value, eq + 1, vlen);
	value[vlen] = '\0';
	if (!vpc_name_valid(value))
		return fail(err, lineno, "invalid profile name %s (%s)",
			    vpc_quote_n(eq + 1, vlen, q, sizeof(q)), VPC_NAME_RULE);
	memcpy(conf->profile, value, vlen + 1);
	*profile_line = lineno;
	return 0;
}

int vpc_conf_parse(const char *buf, size_t len, struct vpc_conf *conf, struct vpc_conf_err *err)
{
	unsigned int lineno = 0, profile_line = 0;
	size_t off = 0;

	memset(conf, 0, sizeof(*conf));
	memset(err, 0, sizeof(*err));
	if (len > VPC_CONF_FILE_MAX)
		return fail(err, 0, "file too large (more than %d bytes)", VPC_CONF_FILE_MAX);
	while (off < len) {
		const char *l = buf + off;
		const char *nl = memchr(l, '\n', len - off);
		size_t n = nl ? (size_t)(nl - l) : len - off;
		int r;

		lineno++;
		r = parse_line(l, n, lineno, conf, &profile_line, err);
		if (r)
			return r;
		off += n + (nl ? 1 : 0);
	}
	if (!profile_line)
		return fail(err, 0, "missing key 'profile'");
	return 0;
}

int vpc_conf_format(const struct vpc_conf *conf, char *buf, size_t len)
{
	int n = snprintf(buf, len, "profile=%s\n", conf->profile);

	return (n < 0 || (size_t)n >= len) ? -ENOSPC : n;
}
