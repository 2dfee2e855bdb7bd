// SPDX-License-Identifier: GPL-2.0-only
/* Definition files: load, atomic save, remove, list, lock; see store.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "util.h"

static int conf_paths(const struct vpc_ctx *ctx, const char *addr, char *logical, size_t llen,
		      char *real, size_t rlen)
{
	int n = snprintf(logical, llen, VPC_CONF_DIR "/pci-%s", addr);

	if (n < 0 || (size_t)n >= llen || vpc_path(ctx, real, rlen, logical)) {
		vpc_err(addr, "path too long");
		return -1;
	}
	return 0;
}

static int load(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found,
		bool quiet)
{
	char logical[PATH_MAX], real[PATH_MAX], buf[VPC_CONF_FILE_MAX + 1];
	struct vpc_conf_err perr;
	struct stat st;
	size_t len = 0;
	int fd, rc = 0;

	*found = false;
	if (conf_paths(ctx, addr, logical, sizeof(logical), real, sizeof(real)))
		return -1;
	/* O_NONBLOCK: a FIFO in /etc must not hang udev. */
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (!quiet)
			vpc_err(NULL, "%s: cannot open: %s", logical, strerror(errno));
		return -1;
	}
	*found = true;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (!quiet)
			vpc_err(NULL, "%s: not a regular file", logical);
		close(fd);
		return -1;
	}
	/* Read one byte more than allowed so the parser sees "too large". */
	while (len < sizeof(buf)) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (!quiet)
				vpc_err(NULL, "%s: read error: %s", logical, strerror(errno));
			rc = -1;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (rc)
		return rc;
	if (vpc_conf_parse(buf, len, conf, &perr)) {
		if (quiet)
			;
		else if (perr.line)
			vpc_err(NULL, "%s:%u: %s", logical, perr.line, perr.msg);
		else
			vpc_err(NULL, "%s: %s", logical, perr.msg);
		return -1;
	}
	return 0;
}

int vpc_store_load(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found)
{
	return load(ctx, addr, conf, found, false);
}

int vpc_store_peek(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found)
{
	return load(ctx, addr, conf, found, true);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) && errno != EINVAL)
		rc = -errno;
	close(fd);
	return rc;
}

static int ensure_dir(const struct vpc_ctx *ctx)
{
	char real[PATH_MAX];

	if (vpc_path(ctx, real, sizeof(real), VPC_CONF_DIR))
		return -ENAMETOOLONG;
	if (mkdir(real, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int vpc_store_save(const struct vpc_ctx *ctx, const char *addr, const struct vpc_conf *conf)
{
	char logical[PATH_MAX], real[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX], buf[128];
	int fd, len, err;

	if (conf_paths(ctx, addr, logical, sizeof(logical), real, sizeof(real)))
		return -1;
	len = vpc_conf_format(conf, buf, sizeof(buf));
	if (len < 0) {
		vpc_err(addr, "internal error: definition does not fit");
		return -1;
	}
	err = ensure_dir(ctx);
	if (err) {
		vpc_err(addr, "cannot create " VPC_CONF_DIR ": %s", vpc_write_strerror(-err));
		return -1;
	}
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR) ||
	    vpc_pathf(ctx, tmp, sizeof(tmp), VPC_CONF_DIR "/.pci-%s.XXXXXX", addr)) {
		vpc_err(addr, "path too long");
		return -1;
	}
	/*
	 * Temp file in the same directory so rename() is atomic; the dot
	 * keeps readers' directory scans from ever seeing it. mkstemp gives a
	 * unique name, so concurrent writers of one device cannot collide.
	 */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		vpc_err(addr, "cannot write %s: %s", logical, vpc_write_strerror(errno));
		return -1;
	}
	err = write_all(fd, buf, (size_t)len);
	if (!err && fchmod(fd, 0644))
		err = -errno;
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, real))
		err = -errno;
	if (err) {
		unlink(tmp);
		vpc_err(addr, "cannot write %s: %s; previous definition kept", logical,
			vpc_write_strerror(-err));
		return -1;
	}
	/* Make the rename itself durable before we report success. */
	err = fsync_dir(dir);
	if (err) {
		vpc_err(addr, "cannot sync " VPC_CONF_DIR ": %s", vpc_write_strerror(-err));
		return -1;
	}
	return 0;
}

int vpc_store_remove(const struct vpc_ctx *ctx, const char *addr, bool *found)
{
	char logical[PATH_MAX], real[PATH_MAX], dir[PATH_MAX];

	*found = false;
	if (conf_paths(ctx, addr, logical, sizeof(logical), real, sizeof(real)))
		return -1;
	if (unlink(real)) {
		if (errno == ENOENT)
			return 0;
		vpc_err(addr, "cannot remove %s: %s", logical, vpc_write_strerror(errno));
		return -1;
	}
	*found = true;
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR) == 0)
		fsync_dir(dir);
	return 0;
}

static int addr_qsort_cmp(const void *a, const void *b)
{
	return vpc_pci_addr_cmp(a, b);
}

int vpc_store_list(const struct vpc_ctx *ctx, struct vpc_pci_addr **addrs, size_t *n)
{
	char dir[PATH_MAX], q[64];
	struct vpc_pci_addr *v = NULL;
	size_t cap = 0, cnt = 0;
	struct dirent *de;
	DIR *d;

	*addrs = NULL;
	*n = 0;
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR))
		return -1;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		vpc_err(NULL, VPC_CONF_DIR ": %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		struct vpc_pci_addr a;
		bool canon;

		/* Dot files (lock, temp files) and other names are not ours. */
		if (strncmp(de->d_name, "pci-", 4) != 0)
			continue;
		if (vpc_pci_addr_parse(de->d_name + 4, &a, &canon) || !canon) {
			vpc_err(NULL, VPC_CONF_DIR ": ignoring %s: not pci-<canonical PCI address>",
				vpc_quote(de->d_name, q, sizeof(q)));
			continue;
		}
		struct vpc_pci_addr *nv = vpc_grow(v, &cap, cnt, sizeof(*v), 16);

		if (!nv) {
			free(v);
			closedir(d);
			return -1;
		}
		v = nv;
		v[cnt++] = a;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), addr_qsort_cmp);
	*addrs = v;
	*n = cnt;
	return 0;
}

int vpc_store_lock(const struct vpc_ctx *ctx, bool must_write, unsigned int timeout_ms)
{
	char real[PATH_MAX];
	unsigned int waited = 0;
	int fd, err;

	if (vpc_path(ctx, real, sizeof(real), VPC_LOCK_FILE)) {
		vpc_err(NULL, "path too long");
		return -1;
	}
	if (must_write) {
		err = ensure_dir(ctx);
		if (err) {
			vpc_err(NULL, "cannot create " VPC_CONF_DIR ": %s", vpc_write_strerror(-err));
			return -1;
		}
	}
	fd = open(real, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	err = errno;
	if (fd < 0 && (err == EACCES || err == EROFS || err == EPERM))
		fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);	/* flock works on it */
	if (fd < 0) {
		/* Report why we could not create it, not the fallback's ENOENT. */
		if (!must_write && (err == ENOENT || err == EACCES || err == EROFS || err == EPERM))
			return -2;
		vpc_err(NULL, "cannot open lock " VPC_LOCK_FILE ": %s", vpc_write_strerror(err));
		return -1;
	}
	/*
	 * Poll instead of blocking so a stuck holder cannot hang udev
	 * forever; 10 ms steps keep 20 concurrent runs quick.
	 */
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (errno != EWOULDBLOCK && errno != EINTR) {
			vpc_err(NULL, "cannot lock " VPC_LOCK_FILE ": %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (waited >= timeout_ms) {
			vpc_err(NULL, "timed out after %u s waiting for " VPC_LOCK_FILE
				" (another vfio-profilectl running?)", timeout_ms / 1000);
			close(fd);
			return -1;
		}
		nanosleep(&ts, NULL);
		waited += 10;
	}
	return fd;
}

void vpc_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
