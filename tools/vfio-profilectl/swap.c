// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replace the whole set of definitions at once (import).
 *
 * The new set is built in a sibling directory, /etc/.vfio-profile.d.import.
 * XXXXXX: every definition written and fsynced, every other entry of the
 * old directory hard-linked (the lock file too, so the lock we hold is
 * the new directory's lock as well: a writer that opens .lock after the
 * swap blocks on the same inode). One renameat2(RENAME_EXCHANGE) then
 * swaps the two directories, and the old set, now under the temporary
 * name, is removed.
 *
 * Why not one file at a time with a journal: readers (udev's apply) never
 * take the lock, and between two renames they would see a mix of the old
 * and the new set, and so would everybody after a crash until a
 * roll-forward ran. With the exchange, every path lookup sees either the
 * old directory or the new one, before and after a crash. A crash leaves
 * at most the temporary directory (the unused new set, or the replaced old
 * one); the next writer removes it under the lock (vpc_store_clean()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "util.h"

#define SWAP_PREFIX ".vfio-profile.d.import."

/* Is name one of the set's files (or a misspelt one, which the new set drops)? */
static bool set_member(const char *name)
{
	return strncmp(name, "pci-", 4) == 0 || vpc_key_is_selector(name);
}

static int write_def(int dfd, const struct vpc_defset_entry *e)
{
	char fname[VPC_KEY_LEN], buf[128];
	struct vpc_conf conf;
	int fd, len, err = 0;

	memset(&conf, 0, sizeof(conf));
	strcpy(conf.profile, e->profile);
	len = vpc_conf_format(&conf, buf, sizeof(buf));
	vpc_key_fname(&e->key, fname);
	fd = openat(dfd, fname, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (len < 0 || write(fd, buf, (size_t)len) != len)
		err = len < 0 ? -ENOSPC : errno ? -errno : -EIO;
	if (!err && fchmod(fd, 0644))
		err = -errno;
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Unlink the files of a flat directory and remove it. 0 or -errno. */
static int remove_flat(int parent, const char *name)
{
	struct dirent *de;
	int dfd, err = 0;
	DIR *d;

	dfd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	d = fdopendir(dfd);
	if (!d) {
		err = -errno;
		close(dfd);
		return err;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    unlinkat(dfd, de->d_name, 0) && !err)
			err = -errno;
	closedir(d);
	if (unlinkat(parent, name, AT_REMOVEDIR) && !err)
		err = -errno;
	return err;
}

void vpc_store_clean_swaps(const struct vpc_ctx *ctx, const char *dev)
{
	char etc[PATH_MAX], q[80];
	struct dirent *de;
	DIR *d;

	if (vpc_path(ctx, etc, sizeof(etc), "/etc"))
		return;
	d = opendir(etc);
	if (!d)
		return;
	while ((de = readdir(d))) {
		int err;

		if (strncmp(de->d_name, SWAP_PREFIX, strlen(SWAP_PREFIX)) != 0 ||
		    strlen(de->d_name) != strlen(SWAP_PREFIX) + 6)
			continue;
		err = remove_flat(dirfd(d), de->d_name);
		if (err && err != -ENOENT && err != -EROFS)
			vpc_err(dev, "warning: cannot remove stale /etc/%s: %s",
				vpc_quote(de->d_name, q, sizeof(q)), strerror(-err));
	}
	closedir(d);
}

/* Hard-link every entry of old that is not part of the set into new. */
static int carry_over(int oldfd, int newfd)
{
	struct dirent *de;
	char q[80];
	int dup_fd = dup(oldfd), err = 0;
	DIR *d;

	if (dup_fd < 0)
		return -errno;
	d = fdopendir(dup_fd);
	if (!d) {
		close(dup_fd);
		return -errno;
	}
	while (!err && (de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || set_member(de->d_name))
			continue;
		if (fstatat(oldfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		if (S_ISDIR(st.st_mode)) {
			vpc_err(NULL, VPC_CONF_DIR "/%s is a directory: move it away before an "
				"import; nothing changed", vpc_quote(de->d_name, q, sizeof(q)));
			err = -EISDIR;
		} else if (linkat(oldfd, de->d_name, newfd, de->d_name, 0)) {
			err = -errno;
			vpc_err(NULL, "cannot carry " VPC_CONF_DIR "/%s over: %s; nothing changed",
				vpc_quote(de->d_name, q, sizeof(q)), strerror(errno));
		}
	}
	closedir(d);
	return err;
}

int vpc_store_replace(const struct vpc_ctx *ctx, const struct vpc_defset *set)
{
	char etc[PATH_MAX], conf[PATH_MAX], tmp[PATH_MAX], q[80];
	int etcfd = -1, oldfd = -1, newfd = -1, err = 0, rc = -1;
	const char *tmpname;
	struct stat st;

	if (vpc_path(ctx, etc, sizeof(etc), "/etc") || vpc_path(ctx, conf, sizeof(conf), VPC_CONF_DIR) ||
	    vpc_path(ctx, tmp, sizeof(tmp), "/etc/" SWAP_PREFIX "XXXXXX")) {
		vpc_err(NULL, VPC_CONF_DIR ": path too long; nothing changed");
		return -1;
	}
	/* The exchange swaps directory entries: a symlink would be replaced. */
	if (lstat(conf, &st)) {
		vpc_err(NULL, VPC_CONF_DIR ": %s; nothing changed", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		vpc_err(NULL, VPC_CONF_DIR ": not a directory (import replaces the directory "
			"itself, so it cannot be a symbolic link); nothing changed");
		return -1;
	}
	if (!mkdtemp(tmp)) {
		vpc_err(NULL, "cannot create a directory in /etc for the new set: %s; nothing changed",
			vpc_write_strerror(errno));
		return -1;
	}
	tmpname = strrchr(tmp, '/') + 1;
	etcfd = open(etc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	oldfd = open(conf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	newfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (etcfd < 0 || oldfd < 0 || newfd < 0) {
		vpc_err(NULL, "cannot open " VPC_CONF_DIR ": %s; nothing changed", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < set->n && !err; i++) {
		err = write_def(newfd, &set->v[i]);
		if (err)
			vpc_err(set->v[i].name, "cannot write the new definition: %s; nothing changed",
				vpc_write_strerror(-err));
	}
	if (err || carry_over(oldfd, newfd))
		goto out;
	if (fchmod(newfd, st.st_mode & 07777) || fsync(newfd)) {
		vpc_err(NULL, "cannot prepare the new set: %s; nothing changed", strerror(errno));
		goto out;
	}
	if (renameat2(etcfd, tmpname, etcfd, VPC_CONF_DIR + 5, RENAME_EXCHANGE)) {
		err = errno;
		vpc_err(NULL, "cannot swap in the new set: %s%s; nothing changed",
			vpc_write_strerror(err), err == EINVAL || err == ENOSYS || err == EOPNOTSUPP ?
			" (the file system of /etc cannot exchange directories atomically)" : "");
		goto out;
	}
	rc = 0;
	if (fsync(etcfd))
		vpc_err(NULL, "warning: cannot sync /etc: %s", strerror(errno));
out:
	/* Before the swap: the unused new set; after it: the old one. */
	if (etcfd >= 0 && (err = remove_flat(etcfd, tmpname)) != 0 && err != -ENOENT)
		vpc_err(NULL, "warning: cannot remove /etc/%s: %s (removed by the next writer)",
			vpc_quote(tmpname, q, sizeof(q)), strerror(-err));
	if (etcfd >= 0)
		close(etcfd);
	if (oldfd >= 0)
		close(oldfd);
	if (newfd >= 0)
		close(newfd);
	return rc;
}
