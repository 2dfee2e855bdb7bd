// SPDX-License-Identifier: GPL-2.0-only
/* Definition files: load, atomic save, remove, list, lock; see store.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "util.h"

/* The file name of a definition: "pci-<addr>" or the selector's name. */
static void fname_of(const char *key, char fname[VPC_KEY_LEN + 8])
{
	snprintf(fname, VPC_KEY_LEN + 8, "%s%s", vpc_key_is_selector(key) ? "" : "pci-", key);
}

static int conf_paths(const struct vpc_ctx *ctx, const char *addr, char *logical, size_t llen,
		      char *real, size_t rlen)
{
	char fname[VPC_KEY_LEN + 8];
	int n;

	fname_of(addr, fname);
	n = snprintf(logical, llen, VPC_CONF_DIR "/%s", fname);

	if (n < 0 || (size_t)n >= llen || vpc_path(ctx, real, rlen, logical)) {
		vpc_err(addr, "path too long");
		return -1;
	}
	return 0;
}

static const char *file_kind(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symbolic link";
	case S_IFIFO:
		return "FIFO";
	case S_IFSOCK:
		return "socket";
	case S_IFCHR:
		return "character device";
	case S_IFBLK:
		return "block device";
	default:
		return "unknown type";
	}
}

/*
 * Report why logical (below root) cannot be reached although lstat sees
 * it, when it is a symbolic link that leads nowhere. Returns true after
 * printing "PATH: No such file or directory (dangling symbolic link to 'T')".
 */
static bool dangling(const struct vpc_ctx *ctx, const char *dev, const char *logical)
{
	char real[PATH_MAX], target[PATH_MAX], q[80];
	struct stat st;
	ssize_t n;
	int err;

	if (vpc_path(ctx, real, sizeof(real), logical) || lstat(real, &st) || !S_ISLNK(st.st_mode) ||
	    stat(real, &st) == 0)
		return false;
	err = errno;	/* ENOENT, or ELOOP for a loop */
	n = readlink(real, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = '\0';
	vpc_err(dev, "%s: %s (%s symbolic link to %s)", logical, strerror(err),
		err == ELOOP ? "looping" : "dangling", vpc_quote(target, q, sizeof(q)));
	return true;
}

/*
 * Something below VPC_CONF_DIR was ENOENT. That means "no definitions"
 * only when the directory (or /etc) really does not exist, not when one
 * of them is a symbolic link to nowhere. Returns 0 or -1 (printed).
 */
static int conf_dir_check(const struct vpc_ctx *ctx, const char *dev)
{
	if (dangling(ctx, dev, VPC_CONF_DIR) || dangling(ctx, dev, "/etc"))
		return -1;
	return 0;
}

int vpc_store_load(const struct vpc_ctx *ctx, const char *addr, struct vpc_conf *conf, bool *found)
{
	char logical[PATH_MAX], real[PATH_MAX], buf[VPC_CONF_FILE_MAX + 1];
	struct vpc_conf_err perr;
	struct stat st;
	size_t len = 0;
	int fd, rc = 0;

	*found = false;
	if (conf_paths(ctx, addr, logical, sizeof(logical), real, sizeof(real)))
		return -1;
	/*
	 * O_NOFOLLOW: a definition that is a symlink (to /etc/shadow) is
	 * never read, so its content cannot end up in a parse error.
	 * O_NONBLOCK: a FIFO in /etc must not hang udev.
	 */
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0) {
		int err = errno;

		if (err == ENOENT)
			return conf_dir_check(ctx, addr);
		*found = true;
		if (err == ELOOP && lstat(real, &st) == 0 && S_ISLNK(st.st_mode))
			vpc_err(NULL, "%s: not a regular file (symbolic link); ignored", logical);
		else
			vpc_err(NULL, "%s: cannot open: %s", logical, strerror(err));
		return -1;
	}
	*found = true;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		vpc_err(NULL, "%s: not a regular file (%s); ignored", logical, file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	/* Read one byte more than allowed so the parser sees "too large". */
	while (len < sizeof(buf)) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
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
		if (perr.line)
			vpc_err(NULL, "%s:%u: %s", logical, perr.line, perr.msg);
		else
			vpc_err(NULL, "%s: %s", logical, perr.msg);
		return -1;
	}
	return 0;
}

/* Errors of writes in /etc: as root, EPERM is almost always chattr +i. */
static const char *store_strerror(int err)
{
	if (err == EPERM && geteuid() == 0)
		return "Operation not permitted (immutable? see lsattr(1))";
	return vpc_write_strerror(err);
}

/* "ADDR: [pfx: ]message" */
static void serr(const char *addr, const char *pfx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void serr(const char *addr, const char *pfx, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (pfx)
		vpc_err(addr, "%s: %s", pfx, msg);
	else
		vpc_err(addr, "%s", msg);
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

/* Create VPC_CONF_DIR if needed. Returns 0 or -1 (printed). */
static int ensure_dir(const struct vpc_ctx *ctx, const char *dev, const char *pfx)
{
	char real[PATH_MAX];
	struct stat st;
	int err;

	if (vpc_path(ctx, real, sizeof(real), VPC_CONF_DIR)) {
		serr(dev, pfx, VPC_CONF_DIR ": path too long");
		return -1;
	}
	if (mkdir(real, 0755) == 0)
		return 0;
	err = errno;
	if (err == EEXIST) {
		if (stat(real, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				return 0;
			serr(dev, pfx, VPC_CONF_DIR ": %s", strerror(ENOTDIR));
			return -1;
		}
		if (!dangling(ctx, dev, VPC_CONF_DIR))
			serr(dev, pfx, VPC_CONF_DIR ": %s", strerror(errno));
		return -1;
	}
	/* ENOENT from mkdir: the parent is missing; name it. */
	if (err == ENOENT && !dangling(ctx, dev, "/etc"))
		serr(dev, pfx, "cannot create " VPC_CONF_DIR ": /etc: %s", strerror(ENOENT));
	else if (err != ENOENT)
		serr(dev, pfx, "cannot create " VPC_CONF_DIR ": %s", store_strerror(err));
	return -1;
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

int vpc_store_save(const struct vpc_ctx *ctx, const char *addr, const struct vpc_conf *conf,
		   const char *pfx)
{
	char logical[PATH_MAX], real[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX], buf[128];
	char fname[VPC_KEY_LEN + 8];
	int fd, len, err;

	fname_of(addr, fname);
	if (conf_paths(ctx, addr, logical, sizeof(logical), real, sizeof(real)))
		return -1;
	len = vpc_conf_format(conf, buf, sizeof(buf));
	if (len < 0) {
		serr(addr, pfx, "internal error: definition does not fit");
		return -1;
	}
	if (ensure_dir(ctx, addr, pfx))
		return -1;
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR) ||
	    vpc_pathf(ctx, tmp, sizeof(tmp), VPC_CONF_DIR "/.%s.XXXXXX", fname)) {
		serr(addr, pfx, "%s: path too long", logical);
		return -1;
	}
	/*
	 * Temp file in the same directory so rename() is atomic; the dot
	 * keeps readers' directory scans from ever seeing it. mkstemp gives a
	 * unique name; writers hold the lock, so vpc_store_clean() can tell a
	 * killed writer's leftover from a live one's file.
	 */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		serr(addr, pfx, "cannot write %s: %s", logical, store_strerror(errno));
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
		serr(addr, pfx, "cannot write %s: %s; previous definition kept", logical,
		     store_strerror(-err));
		return -1;
	}
	/* Make the rename itself durable before we report success. */
	err = fsync_dir(dir);
	if (err) {
		serr(addr, pfx, "cannot sync " VPC_CONF_DIR ": %s", store_strerror(-err));
		return -1;
	}
	return 0;
}

int vpc_store_remove(const struct vpc_ctx *ctx, const char *addr, bool *found, const char *pfx)
{
	char logical[PATH_MAX], real[PATH_MAX], dir[PATH_MAX];

	*found = false;
	if (conf_paths(ctx, addr, logical, sizeof(logical), real, sizeof(real)))
		return -1;
	if (unlink(real)) {
		if (errno == ENOENT)
			return conf_dir_check(ctx, addr);
		serr(addr, pfx, "cannot remove %s: %s", logical, store_strerror(errno));
		return -1;
	}
	*found = true;
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR) == 0)
		fsync_dir(dir);
	return 0;
}

static int backup_paths(const struct vpc_ctx *ctx, const char *addr, char *logical, char *real,
			char *bak)
{
	char fname[VPC_KEY_LEN + 8];

	fname_of(addr, fname);
	if (conf_paths(ctx, addr, logical, PATH_MAX, real, PATH_MAX) ||
	    vpc_pathf(ctx, bak, PATH_MAX, VPC_CONF_DIR "/.%s.backup", fname)) {
		vpc_err(addr, "path too long");
		return -1;
	}
	return 0;
}

int vpc_store_keep(const struct vpc_ctx *ctx, const char *addr, bool *kept)
{
	char logical[PATH_MAX], real[PATH_MAX], bak[PATH_MAX];
	struct stat st;

	*kept = false;
	if (backup_paths(ctx, addr, logical, real, bak))
		return -1;
	if (lstat(real, &st)) {
		if (errno == ENOENT)
			return 0;
		vpc_err(addr, "cannot write %s: %s", logical, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		vpc_err(addr, "cannot write %s: %s", logical, strerror(EISDIR));
		return -1;
	}
	/* A leftover of a killed run was removed by vpc_store_clean(). */
	unlink(bak);
	/* link(2) does not follow a symlink: the entry itself is kept. */
	if (link(real, bak)) {
		vpc_err(addr, "cannot keep a copy of %s for undo: %s; nothing changed", logical,
			store_strerror(errno));
		return -1;
	}
	*kept = true;
	return 0;
}

int vpc_store_restore(const struct vpc_ctx *ctx, const char *addr, bool kept)
{
	char logical[PATH_MAX], real[PATH_MAX], bak[PATH_MAX], dir[PATH_MAX];
	bool found;

	if (!kept)
		return vpc_store_remove(ctx, addr, &found, NULL);
	if (backup_paths(ctx, addr, logical, real, bak))
		return -1;
	if (rename(bak, real)) {
		vpc_err(addr, "cannot restore %s: %s", logical, store_strerror(errno));
		return -1;
	}
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR) == 0)
		fsync_dir(dir);
	return 0;
}

void vpc_store_drop(const struct vpc_ctx *ctx, const char *addr, bool kept)
{
	char logical[PATH_MAX], real[PATH_MAX], bak[PATH_MAX];

	if (kept && backup_paths(ctx, addr, logical, real, bak) == 0)
		unlink(bak);
}

/* ".<definition file name>.XXXXXX" (mkstemp: letters, digits) or ".backup". */
static bool stale_name(const char *name)
{
	char fname[VPC_KEY_LEN];
	const char *dot;
	struct vpc_key k;
	size_t n;

	if (name[0] != '.')
		return false;
	dot = strrchr(name, '.');
	if (dot <= name + 1 || strlen(dot + 1) != 6)
		return false;
	n = (size_t)(dot - (name + 1));
	if (n >= sizeof(fname))
		return false;
	memcpy(fname, name + 1, n);
	fname[n] = '\0';
	if (vpc_key_from_fname(fname, &k))
		return false;
	for (const char *p = dot + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

void vpc_store_clean(const struct vpc_ctx *ctx, const char *dev)
{
	char dir[PATH_MAX], q[80];
	struct dirent *de;
	DIR *d;
	int dfd;

	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR))
		return;
	d = opendir(dir);
	if (!d)
		return;	/* reported by whoever needs the directory */
	dfd = dirfd(d);
	while ((de = readdir(d))) {
		struct stat st;

		if (!stale_name(de->d_name))
			continue;
		/* Never follow: only the leftover entry itself goes. */
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
			continue;
		/* A read-only /etc (sync, apply) cannot get new leftovers. */
		if (unlinkat(dfd, de->d_name, 0) && errno != ENOENT && errno != EROFS)
			vpc_err(dev, "warning: cannot remove stale temporary file " VPC_CONF_DIR
				"/%s: %s", vpc_quote(de->d_name, q, sizeof(q)), store_strerror(errno));
	}
	closedir(d);
	vpc_store_clean_swaps(ctx, dev);
}

/*
 * "flock (pid 4242)" for the process holding the lock on fd, from
 * /proc/locks ("1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF"). Best
 * effort: false when it cannot be told.
 */
static bool lock_holder(const struct vpc_ctx *ctx, int fd, char *buf, size_t len)
{
	char p[PATH_MAX], comm[64], *line = NULL;
	unsigned int maj, min;
	unsigned long ino;
	size_t cap = 0;
	struct stat st;
	long pid = -1;
	FILE *f;

	if (fstat(fd, &st) || vpc_path(ctx, p, sizeof(p), "/proc/locks"))
		return false;
	f = fopen(p, "re");
	if (!f)
		return false;
	while (pid < 0 && getline(&line, &cap, f) > 0) {
		long lpid;

		/* Waiters are listed as "1: -> FLOCK ..."; only holders count. */
		if (sscanf(line, "%*u: FLOCK %*s WRITE %ld %x:%x:%lu", &lpid, &maj, &min, &ino) == 4 &&
		    maj == major(st.st_dev) && min == minor(st.st_dev) && ino == st.st_ino)
			pid = lpid;
	}
	free(line);
	fclose(f);
	if (pid <= 0 || vpc_pathf(ctx, p, sizeof(p), "/proc/%ld/comm", pid))
		return false;
	if (vpc_read_line(p, comm, sizeof(comm)))
		snprintf(comm, sizeof(comm), "?");
	snprintf(buf, len, "%s (pid %ld)", comm, pid);
	return true;
}

int vpc_store_lock(const struct vpc_ctx *ctx, const char *dev, bool must_write)
{
	char real[PATH_MAX], who[96];
	unsigned int waited = 0;
	int fd, err;

	if (vpc_path(ctx, real, sizeof(real), VPC_LOCK_FILE)) {
		vpc_err(dev, VPC_LOCK_FILE ": path too long");
		return -1;
	}
	if (must_write && ensure_dir(ctx, dev, NULL))
		return -1;
	fd = open(real, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	err = errno;
	if (fd < 0 && (err == EACCES || err == EROFS || err == EPERM))
		fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);	/* flock works on it */
	if (fd < 0) {
		/* Report why we could not create it, not the fallback's ENOENT. */
		if (!must_write && (err == ENOENT || err == EACCES || err == EROFS || err == EPERM))
			return -2;
		if (err == ENOENT && conf_dir_check(ctx, dev))
			return -1;
		vpc_err(dev, "cannot open lock " VPC_LOCK_FILE ": %s", store_strerror(err));
		return -1;
	}
	/*
	 * Poll instead of blocking so a stuck holder cannot hang udev
	 * forever; 10 ms steps keep 20 concurrent runs quick.
	 */
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		if (errno != EWOULDBLOCK && errno != EINTR) {
			vpc_err(dev, "cannot lock " VPC_LOCK_FILE ": %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (waited >= ctx->lock_timeout_ms) {
			if (lock_holder(ctx, fd, who, sizeof(who)))
				vpc_err(dev, "timed out after %u s waiting for " VPC_LOCK_FILE
					", held by %s; nothing changed", ctx->lock_timeout_ms / 1000, who);
			else
				vpc_err(dev, "timed out after %u s waiting for " VPC_LOCK_FILE
					", held by another process (another vfio-profilectl?); nothing changed",
					ctx->lock_timeout_ms / 1000);
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

static int key_qsort_cmp(const void *a, const void *b)
{
	return vpc_key_cmp(a, b);
}

int vpc_store_list_keys(const struct vpc_ctx *ctx, struct vpc_key **keys, size_t *n)
{
	char dir[PATH_MAX], q[64];
	struct vpc_key *v = NULL;
	size_t cap = 0, cnt = 0;
	struct dirent *de;
	DIR *d;

	*keys = NULL;
	*n = 0;
	if (vpc_path(ctx, dir, sizeof(dir), VPC_CONF_DIR))
		return -1;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return conf_dir_check(ctx, NULL);
		vpc_err(NULL, VPC_CONF_DIR ": %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		struct vpc_key k;

		if (strncmp(de->d_name, "pci-", 4) != 0 && !vpc_key_is_selector(de->d_name))
			continue;
		if (vpc_key_from_fname(de->d_name, &k)) {
			vpc_err(NULL, VPC_CONF_DIR ": ignoring %s: not pci-<address>, pf-<address> or "
				"id-<vendor>:<device> in canonical form", vpc_quote(de->d_name, q, sizeof(q)));
			continue;
		}
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
	if (cnt)
		qsort(v, cnt, sizeof(*v), key_qsort_cmp);
	*keys = v;
	*n = cnt;
	return 0;
}
