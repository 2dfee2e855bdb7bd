// SPDX-License-Identifier: GPL-2.0-only
/* configfs pre-probe policy items; see configfs.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "configfs.h"
#include "util.h"

bool vpc_cfs_present(const struct vpc_ctx *ctx)
{
	char p[PATH_MAX];
	struct stat st;

	return vpc_path(ctx, p, sizeof(p), VPC_CONFIGFS_DIR) == 0 && stat(p, &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

int vpc_cfs_read(const struct vpc_ctx *ctx, const char *addr, char *name, size_t len, bool *found)
{
	char p[PATH_MAX];
	int err;

	*found = false;
	name[0] = '\0';
	if (vpc_pathf(ctx, p, sizeof(p), VPC_CONFIGFS_DIR "/%s/profile", addr))
		return -1;
	err = vpc_read_line(p, name, len);
	if (err == -ENOENT || err == -ENOTDIR)
		return 0;
	if (err) {
		vpc_err(addr, VPC_CONFIGFS_DIR "/%s/profile: %s", addr, strerror(-err));
		return -1;
	}
	*found = true;
	return 0;
}

/* "ADDR: [pfx: ]cannot ..." */
#define CFS_ERR(addr, pfx, fmt, ...) \
	vpc_err(addr, "%s%s" fmt, (pfx) ? (pfx) : "", (pfx) ? ": " : "", __VA_ARGS__)

int vpc_cfs_push(const struct vpc_ctx *ctx, const char *addr, const char *name, bool quiet_einval,
		 const char *pfx)
{
	char dir[PATH_MAX], p[PATH_MAX], cur[VPC_ATTR_MAX], buf[VPC_NAME_MAX + 2];
	bool found, created;
	int fd, len, err = 0;
	ssize_t w;

	if (vpc_cfs_read(ctx, addr, cur, sizeof(cur), &found))
		return -1;
	if (found && strcmp(cur, name) == 0)
		return 0;
	if (vpc_pathf(ctx, dir, sizeof(dir), VPC_CONFIGFS_DIR "/%s", addr) ||
	    vpc_pathf(ctx, p, sizeof(p), VPC_CONFIGFS_DIR "/%s/profile", addr))
		return -1;
	created = mkdir(dir, 0755) == 0;
	if (!created && errno != EEXIST) {
		CFS_ERR(addr, pfx, "cannot create configfs policy " VPC_CONFIGFS_DIR "/%s: %s", addr,
			vpc_write_strerror(errno));
		return -1;
	}
	len = snprintf(buf, sizeof(buf), "%s\n", name);
	/* Like a sysfs store: one write(2), no O_CREAT (configfs makes the file). */
	fd = open(p, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err = errno;
	} else {
		w = write(fd, buf, (size_t)len);
		if (w < 0)
			err = errno;
		else if (w != len)
			err = EIO;
		if (close(fd) && !err)
			err = errno;
	}
	if (err == EINVAL && created)
		rmdir(dir);	/* do not leave an item the kernel refused */
	if (err == EINVAL && quiet_einval)
		return -EINVAL;
	if (err) {
		CFS_ERR(addr, pfx, "cannot set configfs policy " VPC_CONFIGFS_DIR "/%s/profile: %s", addr,
			err == EINVAL ? "invalid argument (profile unknown to the kernel?)"
				      : vpc_write_strerror(err));
		return -1;
	}
	return 0;
}

int vpc_cfs_remove(const struct vpc_ctx *ctx, const char *addr, bool *found, const char *pfx)
{
	char dir[PATH_MAX];

	*found = false;
	if (vpc_pathf(ctx, dir, sizeof(dir), VPC_CONFIGFS_DIR "/%s", addr))
		return -1;
	if (rmdir(dir)) {
		if (errno == ENOENT)
			return 0;
		CFS_ERR(addr, pfx, "cannot remove configfs policy " VPC_CONFIGFS_DIR "/%s: %s", addr,
			vpc_write_strerror(errno));
		return -1;
	}
	*found = true;
	return 0;
}

int vpc_cfs_list_keys(const struct vpc_ctx *ctx, struct vpc_key **keys, size_t *n)
{
	char p[PATH_MAX];
	struct vpc_key *v = NULL;
	size_t cap = 0, cnt = 0;
	struct dirent *de;
	DIR *d;

	*keys = NULL;
	*n = 0;
	if (vpc_path(ctx, p, sizeof(p), VPC_CONFIGFS_DIR))
		return -1;
	d = opendir(p);
	if (!d) {
		vpc_err(NULL, VPC_CONFIGFS_DIR ": %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		struct vpc_key k;
		bool canon;

		/* The kernel refuses other names at mkdir; skip anything odd. */
		if (vpc_key_parse(de->d_name, &k, &canon) || !canon)
			continue;
		struct vpc_key *nv = vpc_grow(v, &cap, cnt, sizeof(*v), 16);

		if (!nv) {
			free(v);
			closedir(d);
			return -1;
		}
		v = nv;
		v[cnt++] = k;
	}
	closedir(d);
	*keys = v;
	*n = cnt;
	return 0;
}
