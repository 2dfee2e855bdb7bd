// SPDX-License-Identifier: GPL-2.0-only
/* sysfs discovery and profiles/current writes; see device.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "device.h"
#include "util.h"

/* Collapse the attribute's whitespace to single spaces. */
static void normalize_list(char *s)
{
	char *w = s;
	const char *r = s;

	while (*r) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r)
			break;
		if (w != s)
			*w++ = ' ';
		while (*r && *r != ' ' && *r != '\t' && *r != '\n' && *r != '\r')
			*w++ = *r++;
	}
	*w = '\0';
	vpc_sanitize(s);
}

/* profiles/ of a vfio-dev directory (real path). ENOENT: no profiles. */
static int read_profiles(const char *vfio_dir, struct vpc_dev *d)
{
	char p[PATH_MAX];
	ssize_t n;

	if (vpc_fmt(p, sizeof(p), "%s/profiles/available", vfio_dir))
		return -ENAMETOOLONG;
	n = vpc_read_small(p, d->available, sizeof(d->available));
	if (n < 0) {
		d->available[0] = '\0';
		return (int)n;
	}
	normalize_list(d->available);
	d->has_profiles = true;
	if (vpc_fmt(p, sizeof(p), "%s/profiles/current", vfio_dir) ||
	    vpc_read_line(p, d->current, sizeof(d->current)) < 0)
		d->current[0] = '\0';
	/* Older modules have no source: "" */
	if (vpc_fmt(p, sizeof(p), "%s/profiles/source", vfio_dir) ||
	    vpc_read_line(p, d->source, sizeof(d->source)) < 0)
		d->source[0] = '\0';
	return 0;
}

/* "0x1af4" in a PCI device's vendor or device file -> 0x1af4, or -1. */
static long read_id(const char *pci_dir, const char *file)
{
	char p[PATH_MAX], buf[16], *end;
	long v;

	if (vpc_fmt(p, sizeof(p), "%s/%s", pci_dir, file) || vpc_read_line(p, buf, sizeof(buf)) ||
	    strncmp(buf, "0x", 2) != 0 || strlen(buf) != 6)
		return -1;
	errno = 0;
	v = strtol(buf + 2, &end, 16);
	return errno || *end ? -1 : v;
}

/* driver, iommu_group and physfn links, vendor and device of a present PCI device. */
static void read_links(const char *pci_dir, struct vpc_dev *d)
{
	char p[PATH_MAX], grp[32], pf[64], *end;
	struct vpc_pci_addr a;
	long g, vendor, device;
	bool canon;

	if (vpc_fmt(p, sizeof(p), "%s/driver", pci_dir) ||
	    vpc_readlink_base(p, d->driver, sizeof(d->driver)))
		d->driver[0] = '\0';
	d->iommu_group = -1;
	if (vpc_fmt(p, sizeof(p), "%s/iommu_group", pci_dir) == 0 &&
	    vpc_readlink_base(p, grp, sizeof(grp)) == 0 && grp[0] >= '0' && grp[0] <= '9') {
		errno = 0;
		g = strtol(grp, &end, 10);
		if (!errno && !*end && g <= INT_MAX)
			d->iommu_group = g;
	}
	/* A VF's physfn link names its PF: the key of PF selectors. */
	d->pf[0] = '\0';
	if (vpc_fmt(p, sizeof(p), "%s/physfn", pci_dir) == 0 &&
	    vpc_readlink_base(p, pf, sizeof(pf)) == 0 && vpc_pci_addr_parse(pf, &a, &canon) == 0 &&
	    canon)
		vpc_pci_addr_format(&a, d->pf);
	vendor = read_id(pci_dir, "vendor");
	device = read_id(pci_dir, "device");
	d->id[0] = '\0';
	if (vendor >= 0 && device >= 0)
		snprintf(d->id, sizeof(d->id), "%04lx:%04lx", vendor, device);
}

static void dev_init(struct vpc_dev *d, const struct vpc_pci_addr *a)
{
	memset(d, 0, sizeof(*d));
	d->pci = *a;
	d->iommu_group = -1;
	vpc_pci_addr_format(a, d->addr);
}

/* The first vfioN entry under <pci>/vfio-dev/ (there is at most one). */
static void find_vfio(const char *pci_dir, struct vpc_dev *d)
{
	char p[PATH_MAX];
	struct dirent *de;
	unsigned int idx;
	DIR *dir;

	if (vpc_fmt(p, sizeof(p), "%s/vfio-dev", pci_dir))
		return;
	dir = opendir(p);
	if (!dir)
		return;
	while ((de = readdir(dir)))
		if (vpc_vfio_name_parse(de->d_name, &idx) == 0 && strlen(de->d_name) < sizeof(d->vfio)) {
			strcpy(d->vfio, de->d_name);
			break;
		}
	closedir(dir);
}

int vpc_dev_probe(const struct vpc_ctx *ctx, const struct vpc_pci_addr *a, const char *vfio_hint,
		  struct vpc_dev *d)
{
	char pci_dir[PATH_MAX], vdir[PATH_MAX];
	struct stat st;

	dev_init(d, a);
	if (vpc_pathf(ctx, pci_dir, sizeof(pci_dir), "/sys/bus/pci/devices/%s", d->addr))
		return -1;
	if (stat(pci_dir, &st) || !S_ISDIR(st.st_mode))
		return 0;
	d->present = true;
	read_links(pci_dir, d);
	if (vfio_hint && strlen(vfio_hint) < sizeof(d->vfio))
		strcpy(d->vfio, vfio_hint);
	else
		find_vfio(pci_dir, d);
	if (d->vfio[0] && vpc_fmt(vdir, sizeof(vdir), "%s/vfio-dev/%s", pci_dir, d->vfio) == 0)
		read_profiles(vdir, d);
	return 0;
}

static int resolve_vfio(const struct vpc_ctx *ctx, const char *arg, const char *vfio,
			struct vpc_dev *d)
{
	char p[PATH_MAX], parent[64], q[80];
	struct vpc_pci_addr a;
	bool canon;

	if (vpc_pathf(ctx, p, sizeof(p), "/sys/class/vfio-dev/%s/device", vfio)) {
		vpc_err(vpc_quote(arg, q, sizeof(q)), "path too long");
		return VPC_EXIT_ERROR;
	}
	if (vpc_readlink_base(p, parent, sizeof(parent))) {
		vpc_err(vfio, "no such vfio device");
		return VPC_EXIT_ERROR;
	}
	if (vpc_pci_addr_parse(parent, &a, &canon) || !canon) {
		vpc_err(vfio, "parent device %s is not a PCI device", vpc_quote(parent, q, sizeof(q)));
		return VPC_EXIT_ERROR;
	}
	vpc_dev_probe(ctx, &a, vfio, d);
	return VPC_EXIT_OK;
}

static int resolve_path(const struct vpc_ctx *ctx, const char *arg, struct vpc_dev *d)
{
	char p[PATH_MAX], real[PATH_MAX], sys[PATH_MAX], q[80];
	const char *base;
	struct vpc_pci_addr a;
	unsigned int idx;
	bool canon;
	size_t n;

	vpc_quote(arg, q, sizeof(q));
	if (vpc_path(ctx, p, sizeof(p), arg) || vpc_path(ctx, sys, sizeof(sys), "/sys/")) {
		vpc_err(q, "path too long");
		return VPC_EXIT_USAGE;
	}
	if (!realpath(p, real)) {
		vpc_err(q, "no such device path: %s", strerror(errno));
		return VPC_EXIT_ERROR;
	}
	/* Links must not lead us out of the (fake) root's /sys. */
	n = strlen(sys);
	if (strncmp(real, sys, n) != 0) {
		vpc_err(q, "path leads outside /sys");
		return VPC_EXIT_ERROR;
	}
	base = strrchr(real, '/') + 1;
	if (vpc_pci_addr_parse(base, &a, &canon) == 0 && canon) {
		vpc_dev_probe(ctx, &a, NULL, d);
		if (!d->present) {
			vpc_err(q, "not a PCI device directory");
			return VPC_EXIT_ERROR;
		}
		return VPC_EXIT_OK;
	}
	if (vpc_vfio_name_parse(base, &idx) == 0)
		return resolve_vfio(ctx, arg, base, d);
	vpc_err(q, "not a PCI device or vfio-dev directory");
	return VPC_EXIT_ERROR;
}

int vpc_dev_resolve(const struct vpc_ctx *ctx, const char *arg, struct vpc_dev *d)
{
	struct vpc_spec spec;
	char q[80];

	if (vpc_spec_parse(arg, &spec)) {
		vpc_err(NULL, "invalid device %s: expected a PCI address (0000:01:00.0 or 01:00.0), "
			"vfioN or a /sys/... path", vpc_quote(arg, q, sizeof(q)));
		return VPC_EXIT_USAGE;
	}
	switch (spec.kind) {
	case VPC_SPEC_ADDR:
		if (vpc_dev_probe(ctx, &spec.addr, NULL, d)) {
			vpc_err(NULL, "path too long");
			return VPC_EXIT_ERROR;
		}
		return VPC_EXIT_OK;
	case VPC_SPEC_VFIO:
		return resolve_vfio(ctx, arg, arg, d);
	case VPC_SPEC_PATH:
		return resolve_path(ctx, arg, d);
	}
	return VPC_EXIT_USAGE;
}

static int dev_cmp(const void *a, const void *b)
{
	return vpc_pci_addr_cmp(&((const struct vpc_dev *)a)->pci, &((const struct vpc_dev *)b)->pci);
}

int vpc_dev_enum(const struct vpc_ctx *ctx, struct vpc_dev **devs, size_t *n)
{
	char cls[PATH_MAX], p[PATH_MAX], parent[64];
	struct vpc_dev *v = NULL, *cur;
	size_t cap = 0, cnt = 0;
	struct dirent *de;
	DIR *dir;

	*devs = NULL;
	*n = 0;
	if (vpc_path(ctx, cls, sizeof(cls), "/sys/class/vfio-dev"))
		return -1;
	dir = opendir(cls);
	if (!dir)
		return errno == ENOENT ? 0 : (vpc_err(NULL, "/sys/class/vfio-dev: %s", strerror(errno)), -1);
	while ((de = readdir(dir))) {
		struct vpc_pci_addr a;
		unsigned int idx;
		bool canon;

		if (vpc_vfio_name_parse(de->d_name, &idx))
			continue;
		struct vpc_dev *nv = vpc_grow(v, &cap, cnt, sizeof(*v), 64);

		if (!nv) {
			free(v);
			closedir(dir);
			return -1;
		}
		v = nv;
		cur = &v[cnt];
		/* vfio-dev parents can be platform or mdev devices: PCI only. */
		if (vpc_fmt(p, sizeof(p), "%s/%s/device", cls, de->d_name) ||
		    vpc_readlink_base(p, parent, sizeof(parent)) ||
		    vpc_pci_addr_parse(parent, &a, &canon) || !canon)
			continue;
		dev_init(cur, &a);
		strcpy(cur->vfio, de->d_name);
		if (vpc_fmt(p, sizeof(p), "%s/%s", cls, de->d_name) || read_profiles(p, cur))
			continue;	/* plain vfio-pci and friends */
		cur->present = true;
		if (vpc_fmt(p, sizeof(p), "%s/%s/device", cls, de->d_name) == 0)
			read_links(p, cur);
		cnt++;
	}
	closedir(dir);
	if (cnt)
		qsort(v, cnt, sizeof(*v), dev_cmp);
	*devs = v;
	*n = cnt;
	return 0;
}

bool vpc_dev_available(const struct vpc_dev *d, const char *name)
{
	size_t len = strlen(name);
	const char *p = d->available;

	while (*p) {
		size_t t = strcspn(p, " ");

		if (t == len && memcmp(p, name, len) == 0)
			return true;
		p += t;
		while (*p == ' ')
			p++;
	}
	return false;
}

int vpc_dev_write_current(const struct vpc_ctx *ctx, const struct vpc_dev *d, const char *name)
{
	char p[PATH_MAX], buf[VPC_NAME_MAX + 2];
	int fd, err = 0;
	ssize_t w;
	int len;

	if (vpc_pathf(ctx, p, sizeof(p), "/sys/bus/pci/devices/%s/vfio-dev/%s/profiles/current",
		      d->addr, d->vfio))
		return ENAMETOOLONG;
	len = snprintf(buf, sizeof(buf), "%s\n", name);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return EINVAL;
	/*
	 * No O_CREAT: never create a file where the attribute vanished
	 * (unbind). No O_TRUNC: a sysfs store is one write(2).
	 */
	fd = open(p, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	w = write(fd, buf, (size_t)len);
	if (w < 0)
		err = errno;
	else if (w != len)
		err = EIO;
	if (close(fd) && !err)
		err = errno;
	return err;
}

void vpc_dev_explain_no_profiles(const struct vpc_dev *d)
{
	if (!d->present)
		vpc_err(d->addr, "no such PCI device");
	else if (!d->driver[0])
		vpc_err(d->addr, "not bound to a driver with profile support (not bound to any driver)");
	else
		vpc_err(d->addr, "not bound to a driver with profile support (driver: %s)", d->driver);
}
