// SPDX-License-Identifier: GPL-2.0-only
/* Small helpers shared by every part of vfio-profilectl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int vpc_path(const struct vpc_ctx *ctx, char *buf, size_t len, const char *logical)
{
	int n = snprintf(buf, len, "%s%s", ctx->root, logical);

	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int vpc_pathf(const struct vpc_ctx *ctx, char *buf, size_t len, const char *fmt, ...)
{
	char logical[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(logical, sizeof(logical), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(logical))
		return -ENAMETOOLONG;
	return vpc_path(ctx, buf, len, logical);
}

int vpc_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

ssize_t vpc_read_small(const char *path, char *buf, size_t len)
{
	size_t off = 0;
	int fd, err = 0;

	if (len == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	/* sysfs returns an attribute in one read; loop anyway for plain files. */
	while (off < len - 1) {
		ssize_t r = read(fd, buf + off, len - 1 - off);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (r == 0)
			break;
		off += (size_t)r;
	}
	close(fd);
	buf[off] = '\0';
	return err ? err : (ssize_t)off;
}

void vpc_sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

int vpc_read_line(const char *path, char *buf, size_t len)
{
	ssize_t n = vpc_read_small(path, buf, len);
	size_t end;

	if (n < 0)
		return (int)n;
	/* An embedded NUL ends the value, as it would for the kernel. */
	end = strcspn(buf, "\n");
	buf[end] = '\0';
	while (end > 0 && (buf[end - 1] == ' ' || buf[end - 1] == '\t' || buf[end - 1] == '\r'))
		buf[--end] = '\0';
	vpc_sanitize(buf);
	return 0;
}

int vpc_readlink_base(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *base;

	if (n < 0)
		return -errno;
	target[n] = '\0';
	while (n > 1 && target[n - 1] == '/')
		target[--n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	vpc_sanitize(buf);
	return 0;
}

const char *vpc_quote_n(const char *s, size_t n, char *buf, size_t len)
{
	/* Keep room for "\xNN", "...'" and the NUL. */
	size_t o = 0, i;

	if (len < 12) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '\'';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o + 4 + 5 >= len) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'')
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

const char *vpc_quote(const char *s, char *buf, size_t len)
{
	return vpc_quote_n(s, strlen(s), buf, len);
}

void vpc_verr(const char *dev, const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	n = snprintf(line, sizeof(line), "%s: ", VPC_PROG);
	if (dev)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%s: ", dev);
	if ((size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	n = (int)strnlen(line, sizeof(line) - 2);
	line[n++] = '\n';
	/* One write: concurrent runs (udev) must not interleave lines. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* nowhere left to report it */
	}
}

void vpc_err(const char *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpc_verr(dev, fmt, ap);
	va_end(ap);
}

const char *vpc_write_strerror(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		/* The hint only helps someone who is not root. */
		if (geteuid() != 0)
			return "permission denied (root is needed)";
		return strerror(err);
	case EROFS:
		return "read-only file system";
	case ENOSPC:
		return "no space left on device";
	case EDQUOT:
		return "disk quota exceeded";
	default:
		return strerror(err);
	}
}

void *vpc_grow(void *v, size_t *cap, size_t cnt, size_t elem, size_t first)
{
	size_t ncap;
	void *nv;

	if (cnt < *cap)
		return v;
	ncap = *cap ? *cap * 2 : first;
	nv = realloc(v, ncap * elem);
	if (!nv) {
		vpc_err(NULL, "out of memory");
		return NULL;
	}
	*cap = ncap;
	return nv;
}
