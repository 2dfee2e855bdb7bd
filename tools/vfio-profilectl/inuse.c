// SPDX-License-Identifier: GPL-2.0-only
/* /proc scan for holders of vfio group and device files; see inuse.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inuse.h"
#include "util.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int add_holder(struct vpc_holders *h, size_t *cap, pid_t pid, const char *comm,
		      const char *target)
{
	if (h->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct vpc_holder *nv = realloc(h->v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		h->v = nv;
		*cap = ncap;
	}
	h->v[h->n].pid = pid;
	/* comm is at most 16 bytes in a real kernel; cut anything longer. */
	(void)vpc_fmt(h->v[h->n].comm, sizeof(h->v[h->n].comm), "%s", comm);
	(void)vpc_fmt(h->v[h->n].target, sizeof(h->v[h->n].target), "%s", target);
	h->n++;
	return 0;
}

/*
 * The fd link shows the path in the holder's namespace ("/dev/vfio/12").
 * In a fake tree the link may also point into the fake root; accept both.
 */
static const char *vfio_target(const struct vpc_ctx *ctx, const char *t)
{
	size_t rl = strlen(ctx->root);

	if (rl && strncmp(t, ctx->root, rl) == 0 && t[rl] == '/')
		t += rl;
	if (strncmp(t, "/dev/vfio/", 10) != 0 || strlen(t) >= sizeof(((struct vpc_holder *)0)->target))
		return NULL;
	return t;
}

static int scan_pid(const struct vpc_ctx *ctx, const char *proc, const char *pidstr,
		    struct vpc_holders *h, size_t *cap)
{
	char p[PATH_MAX], link[PATH_MAX], comm[64];
	bool have_comm = false;
	struct dirent *de;
	DIR *fds;
	int rc = 0;

	if (vpc_fmt(p, sizeof(p), "%s/%s/fd", proc, pidstr))
		return 0;
	fds = opendir(p);
	if (!fds) {
		/* Gone meanwhile: fine. Not allowed to look: we do not know. */
		if (errno != ENOENT && errno != ESRCH)
			h->incomplete = true;
		return 0;
	}
	while ((de = readdir(fds))) {
		const char *t;
		ssize_t n;

		if (!all_digits(de->d_name))
			continue;
		if (vpc_fmt(p, sizeof(p), "%s/%s/fd/%s", proc, pidstr, de->d_name))
			continue;
		n = readlink(p, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = '\0';
		t = vfio_target(ctx, link);
		if (!t)
			continue;
		if (!have_comm) {
			if (vpc_fmt(p, sizeof(p), "%s/%s/comm", proc, pidstr) ||
			    vpc_read_line(p, comm, sizeof(comm)) < 0 || !comm[0])
				strcpy(comm, "?");
			have_comm = true;
		}
		if (add_holder(h, cap, (pid_t)atol(pidstr), comm, t)) {
			vpc_err(NULL, "out of memory");
			rc = -1;
			break;
		}
	}
	closedir(fds);
	return rc;
}

static int holder_cmp(const void *a, const void *b)
{
	const struct vpc_holder *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int vpc_holders_scan(const struct vpc_ctx *ctx, struct vpc_holders *h)
{
	char proc[PATH_MAX];
	struct dirent *de;
	size_t cap = 0;
	DIR *d;
	int rc = 0;

	memset(h, 0, sizeof(*h));
	if (vpc_path(ctx, proc, sizeof(proc), "/proc"))
		return -1;
	d = opendir(proc);
	if (!d) {
		h->incomplete = true;
		return 0;
	}
	while ((de = readdir(d)) && !rc)
		if (all_digits(de->d_name) && strlen(de->d_name) < 12)
			rc = scan_pid(ctx, proc, de->d_name, h, &cap);
	closedir(d);
	if (h->n)
		qsort(h->v, h->n, sizeof(*h->v), holder_cmp);
	return rc;
}

void vpc_holders_free(struct vpc_holders *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}

size_t vpc_holders_of(const struct vpc_holders *h, const struct vpc_dev *d,
		      const struct vpc_holder **first)
{
	char grp[32] = "", cdev[48] = "";
	pid_t last = 0;
	size_t cnt = 0;

	*first = NULL;
	if (d->iommu_group >= 0)
		snprintf(grp, sizeof(grp), "/dev/vfio/%ld", d->iommu_group);
	if (d->vfio[0])
		snprintf(cdev, sizeof(cdev), "/dev/vfio/devices/%s", d->vfio);
	for (size_t i = 0; i < h->n; i++) {
		const struct vpc_holder *x = &h->v[i];

		if (!((grp[0] && !strcmp(x->target, grp)) || (cdev[0] && !strcmp(x->target, cdev))))
			continue;
		/* Count processes, not fds: sorted by pid, so skip repeats. */
		if (cnt && x->pid == last)
			continue;
		if (!*first)
			*first = x;
		last = x->pid;
		cnt++;
	}
	return cnt;
}
