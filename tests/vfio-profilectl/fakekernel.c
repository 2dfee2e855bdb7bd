// SPDX-License-Identifier: GPL-2.0-only
/*
 * fakekernel.so: an LD_PRELOAD shim that gives the plain files of a fake
 * sysfs/configfs tree the store semantics of the real kernel attributes,
 * so vfio-profilectl's errno handling can be tested without the module.
 * Test-only: the tool never links or loads it.
 *
 * profiles/current (write(2) to a regular file named "current" whose
 * directory is named "profiles"), in the order of the kernel ABI:
 *   - profiles/current.errno exists: fail with that errno (name such as
 *     "EBUSY" or a number), for mapping tests of any errno;
 *   - name (one trailing '\n' stripped) not in $FAKEKERNEL_PROFILES
 *     (default "native transitional") -> EINVAL;
 *   - name equals the file's content -> success, nothing changes;
 *   - <vfio-dev dir>/.open exists (the device is open) -> EBUSY;
 *   - name not in profiles/available -> EOPNOTSUPP;
 *   - else the file now holds exactly the written bytes.
 * configfs (a directory named "vfio_profile"):
 *   - mkdir of an item: not a canonical PCI address, pf-<address> or
 *     id-<vendor>:<device> -> EINVAL; creates the
 *     item's empty "profile" attribute like configfs does;
 *   - write to <item>/profile: unknown name -> EINVAL, else replaces;
 *   - rmdir of an item removes its attribute first (configfs allows it).
 * Every accepted store is appended to $FAKEKERNEL_LOG ("PATH NAME") when
 * set, so tests can prove that no write happened.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*mkdir_fn)(const char *, mode_t);
typedef int (*rmdir_fn)(const char *);

static const struct { const char *name; int err; } errnames[] = {
	{ "EBUSY", EBUSY }, { "EINVAL", EINVAL }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "EACCES", EACCES }, { "EPERM", EPERM }, { "EROFS", EROFS }, { "ENODEV", ENODEV },
	{ "ENOENT", ENOENT }, { "EIO", EIO }, { "ENOSPC", ENOSPC }, { "ENOMEM", ENOMEM },
};

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int parse_errno(const char *s)
{
	char w[32];

	if (sscanf(s, "%31s", w) != 1)
		return EIO;
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (!strcmp(w, errnames[i].name))
			return errnames[i].err;
	return atoi(w) > 0 ? atoi(w) : EIO;
}

/* Is word in the whitespace-separated list? */
static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		size_t t;

		p += strspn(p, " \t\n");
		t = strcspn(p, " \t\n");
		if (t && t == n && !memcmp(p, word, n))
			return 1;
		p += t;
	}
	return 0;
}

static int known(const char *name)
{
	const char *k = getenv("FAKEKERNEL_PROFILES");

	return in_list(k ? k : "native transitional", name);
}

static void log_store(const char *path, const char *name)
{
	const char *log = getenv("FAKEKERNEL_LOG");
	FILE *f;

	if (!log || !(f = fopen(log, "a")))
		return;
	fprintf(f, "%s %s\n", path, name);
	fclose(f);
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Name of the directory that contains path. */
static void parent_name(const char *path, char *out, size_t len)
{
	char tmp[PATH_MAX];
	char *s;

	snprintf(tmp, sizeof(tmp), "%s", path);
	s = strrchr(tmp, '/');
	if (s)
		*s = '\0';
	snprintf(out, len, "%s", base(tmp));
}

static ssize_t replace(int fd, const void *buf, size_t n)
{
	if (ftruncate(fd, 0) || pwrite(fd, buf, n, 0) != (ssize_t)n)
		return -1;
	return (ssize_t)n;
}

static ssize_t store_current(int fd, const char *path, const char *name, const void *buf, size_t n)
{
	char dir[PATH_MAX], p[PATH_MAX + 32], cur[256], avail[4096];

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';		/* .../profiles */
	snprintf(p, sizeof(p), "%s/current.errno", dir);
	if (read_file(p, cur, sizeof(cur)) == 0) {
		errno = parse_errno(cur);
		return -1;
	}
	if (!known(name)) {
		errno = EINVAL;
		return -1;
	}
	if (read_file(path, cur, sizeof(cur)) == 0 && !strcmp(strtok(cur, "\n") ? cur : "", name))
		return (ssize_t)n;
	snprintf(p, sizeof(p), "%s/../.open", dir);
	if (access(p, F_OK) == 0) {
		errno = EBUSY;
		return -1;
	}
	snprintf(p, sizeof(p), "%s/available", dir);
	if (read_file(p, avail, sizeof(avail)) || !in_list(avail, name)) {
		errno = EOPNOTSUPP;
		return -1;
	}
	log_store(path, name);
	return replace(fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static write_fn real;
	char link[64], path[PATH_MAX], parent[NAME_MAX + 1], name[64];
	struct stat st;
	ssize_t len;

	if (!real)
		real = (write_fn)dlsym(RTLD_NEXT, "write");
	if (fd <= 2 || fstat(fd, &st) || !S_ISREG(st.st_mode))
		return real(fd, buf, n);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, path, sizeof(path) - 1);
	if (len < 0)
		return real(fd, buf, n);
	path[len] = '\0';
	parent_name(path, parent, sizeof(parent));
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, buf, n);
	name[n] = '\0';
	if (n && name[n - 1] == '\n')
		name[n - 1] = '\0';
	if (!strcmp(base(path), "current") && !strcmp(parent, "profiles"))
		return store_current(fd, path, name, buf, n);
	if (!strcmp(base(path), "profile")) {
		char item[PATH_MAX], grand[NAME_MAX + 1];

		snprintf(item, sizeof(item), "%s", path);
		*strrchr(item, '/') = '\0';
		parent_name(item, grand, sizeof(grand));
		if (!strcmp(grand, "vfio_profile")) {
			if (!known(name)) {
				errno = EINVAL;
				return -1;
			}
			log_store(path, name);
			return replace(fd, buf, n);
		}
	}
	return real(fd, buf, n);
}

static int in_configfs(const char *path)
{
	char parent[NAME_MAX + 1];

	parent_name(path, parent, sizeof(parent));
	return !strcmp(parent, "vfio_profile");
}

/*
 * dddd:bb:dd.f, pf-dddd:bb:dd.f or id-vvvv:dddd in lower case, what the
 * kernel's configfs accepts.
 */
static int canonical(const char *s)
{
	unsigned int d, b, dev, f;
	char buf[32];
	int n = 0;

	if (!strncmp(s, "id-", 3)) {
		if (sscanf(s + 3, "%4x:%4x%n", &d, &b, &n) != 2 || s[3 + n])
			return 0;
		snprintf(buf, sizeof(buf), "id-%04x:%04x", d, b);
		return !strcmp(buf, s);
	}
	if (!strncmp(s, "pf-", 3))
		s += 3;
	if (sscanf(s, "%4x:%2x:%2x.%1x%n", &d, &b, &dev, &f, &n) != 4 || s[n] || dev > 0x1f || f > 7)
		return 0;
	snprintf(buf, sizeof(buf), "%04x:%02x:%02x.%x", d, b, dev, f);
	return !strcmp(buf, s);
}

int mkdir(const char *path, mode_t mode)
{
	static mkdir_fn real;
	char p[PATH_MAX + 16];
	int fd;

	if (!real)
		real = (mkdir_fn)dlsym(RTLD_NEXT, "mkdir");
	if (!in_configfs(path))
		return real(path, mode);
	if (!canonical(base(path))) {
		errno = EINVAL;
		return -1;
	}
	if (real(path, mode))
		return -1;
	snprintf(p, sizeof(p), "%s/profile", path);
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	return 0;
}

int rmdir(const char *path)
{
	static rmdir_fn real;
	char p[PATH_MAX + 16];

	if (!real)
		real = (rmdir_fn)dlsym(RTLD_NEXT, "rmdir");
	if (in_configfs(path)) {
		snprintf(p, sizeof(p), "%s/profile", path);
		unlink(p);
	}
	return real(path);
}
