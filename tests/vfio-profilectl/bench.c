// SPDX-License-Identifier: GPL-2.0-only
/*
 * P4 benchmark: "vfio-profilectl list -J" over fake trees, against a
 * minimal C program that reads the same files (this binary run with
 * --baseline). Both are measured as whole processes (fork+exec, output to
 * /dev/null), side by side in one run, alternating which goes first in
 * each round; each side's figure is its best batch (min over rounds of
 * the mean of a batch of runs). Only ratios and their spread are stable
 * on a shared host, so that is what is printed first.
 *
 * P6: "vfio-profilectl check --textfile" over 256 VFs of one PF that a
 * PF selector covers (what a monitoring agent runs every 15 s), against
 * the same minimal reader.
 *
 *   bench TOOL [ROUNDS [BATCH]]      default 15 rounds of 5 runs
 *   bench --baseline ROOT            the minimal reader
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NDEV_MAX 4096

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void mkdirs(const char *path)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) && errno != EEXIST)
				die(tmp);
			*p = '/';
		}
	if (mkdir(tmp, 0755) && errno != EEXIST)
		die(tmp);
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

static void link_(const char *target, const char *path)
{
	if (symlink(target, path))
		die(path);
}

/*
 * The same layout as tests/vfio-profilectl/lib.sh builds. vfs: the devices
 * are VFs of one PF (physfn, vendor and device files) and one PF selector
 * defines them all, in force (check finds no drift); else every 4th
 * device has an exact definition and a policy.
 */
static void make_tree(const char *r, int n, int vfs)
{
	char p[4096], t[4096], bdf[32];

	snprintf(p, sizeof(p), "%s/sys/bus/pci/drivers/virtio_vfio_profile", r);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/sys/class/vfio-dev", r);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/sys/bus/pci/devices", r);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/sys/kernel/config/vfio_profile", r);
	mkdirs(p);
	snprintf(p, sizeof(p), "%s/etc/vfio-profile.d", r);
	mkdirs(p);
	for (int i = 0; i < n; i++) {
		snprintf(bdf, sizeof(bdf), "0000:%02x:%02x.%x", 1 + (i >> 8), (i >> 3) & 0x1f, i & 7);
		snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/vfio-dev/vfio%d/profiles", r, bdf, i);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/vfio-dev/vfio%d/profiles/available", r, bdf, i);
		put(p, "native transitional\n");
		snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/vfio-dev/vfio%d/profiles/current", r, bdf, i);
		put(p, "native\n");
		snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/vfio-dev/vfio%d/device", r, bdf, i);
		snprintf(t, sizeof(t), "../../../%s", bdf);
		link_(t, p);
		snprintf(p, sizeof(p), "%s/sys/class/vfio-dev/vfio%d", r, i);
		snprintf(t, sizeof(t), "../../devices/pci0000:00/%s/vfio-dev/vfio%d", bdf, i);
		link_(t, p);
		snprintf(p, sizeof(p), "%s/sys/bus/pci/devices/%s", r, bdf);
		snprintf(t, sizeof(t), "../../../devices/pci0000:00/%s", bdf);
		link_(t, p);
		snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/driver", r, bdf);
		link_("../../../bus/pci/drivers/virtio_vfio_profile", p);
		snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/iommu_group", r, bdf);
		snprintf(t, sizeof(t), "../../../kernel/iommu_groups/%d", 100 + i);
		link_(t, p);
		if (vfs) {
			snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/physfn", r, bdf);
			link_("../0000:00:03.0", p);
			snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/vendor", r, bdf);
			put(p, "0x1af4\n");
			snprintf(p, sizeof(p), "%s/sys/devices/pci0000:00/%s/device", r, bdf);
			put(p, "0x1041\n");
		} else if (i % 4 == 0) {	/* every 4th device defined, with a policy */
			snprintf(p, sizeof(p), "%s/etc/vfio-profile.d/pci-%s", r, bdf);
			put(p, "profile=transitional\n");
			snprintf(p, sizeof(p), "%s/sys/kernel/config/vfio_profile/%s", r, bdf);
			mkdirs(p);
			snprintf(p, sizeof(p), "%s/sys/kernel/config/vfio_profile/%s/profile", r, bdf);
			put(p, "transitional\n");
		}
	}
	if (vfs) {
		snprintf(p, sizeof(p), "%s/etc/vfio-profile.d/pf-0000:00:03.0", r);
		put(p, "profile=native\n");
		snprintf(p, sizeof(p), "%s/sys/kernel/config/vfio_profile/pf-0000:00:03.0", r);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/sys/kernel/config/vfio_profile/pf-0000:00:03.0/profile", r);
		put(p, "native\n");
	}
	/* A few processes, one holding a group. */
	for (int pid = 1; pid <= 8; pid++) {
		snprintf(p, sizeof(p), "%s/proc/%d/fd", r, pid);
		mkdirs(p);
		snprintf(p, sizeof(p), "%s/proc/%d/comm", r, pid);
		put(p, pid == 8 ? "qemu-system-x86\n" : "bash\n");
		for (int fd = 0; fd < 4; fd++) {
			snprintf(p, sizeof(p), "%s/proc/%d/fd/%d", r, pid, fd);
			link_(pid == 8 && fd == 3 ? "/dev/vfio/100" : "/dev/null", p);
		}
	}
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	return remove(p);
}

/* ---- the minimal reader ------------------------------------------- */
static ssize_t slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

static int baseline(const char *r)
{
	char p[4096], l[4096], a[256], c[256], d[256], g[256], def[256], pol[256];
	int holders = 0;
	struct dirent *de, *pe, *fe;
	DIR *dir, *proc, *fds;

	/* Holders: one /proc pass. */
	snprintf(p, sizeof(p), "%s/proc", r);
	proc = opendir(p);
	while (proc && (pe = readdir(proc))) {
		if (pe->d_name[0] < '0' || pe->d_name[0] > '9')
			continue;
		snprintf(p, sizeof(p), "%s/proc/%s/fd", r, pe->d_name);
		fds = opendir(p);
		while (fds && (fe = readdir(fds))) {
			ssize_t n;

			snprintf(p, sizeof(p), "%s/proc/%s/fd/%s", r, pe->d_name, fe->d_name);
			n = readlink(p, l, sizeof(l) - 1);
			if (n > 0 && !strncmp(l, "/dev/vfio/", 10))
				holders++;
		}
		if (fds)
			closedir(fds);
	}
	if (proc)
		closedir(proc);
	snprintf(p, sizeof(p), "%s/sys/class/vfio-dev", r);
	dir = opendir(p);
	if (!dir)
		return 1;
	fputs("{\"devices\":[\n", stdout);
	while ((de = readdir(dir))) {
		ssize_t n;
		const char *bdf;

		if (strncmp(de->d_name, "vfio", 4))
			continue;
		snprintf(p, sizeof(p), "%s/sys/class/vfio-dev/%s/device", r, de->d_name);
		n = readlink(p, l, sizeof(l) - 1);
		if (n < 0)
			continue;
		l[n] = '\0';
		bdf = strrchr(l, '/') ? strrchr(l, '/') + 1 : l;
		snprintf(p, sizeof(p), "%s/sys/class/vfio-dev/%s/profiles/available", r, de->d_name);
		if (slurp(p, a, sizeof(a)) < 0)
			continue;
		snprintf(p, sizeof(p), "%s/sys/class/vfio-dev/%s/profiles/current", r, de->d_name);
		slurp(p, c, sizeof(c));
		snprintf(p, sizeof(p), "%s/sys/class/vfio-dev/%s/device/driver", r, de->d_name);
		n = readlink(p, d, sizeof(d) - 1);
		d[n > 0 ? n : 0] = '\0';
		snprintf(p, sizeof(p), "%s/sys/class/vfio-dev/%s/device/iommu_group", r, de->d_name);
		n = readlink(p, g, sizeof(g) - 1);
		g[n > 0 ? n : 0] = '\0';
		snprintf(p, sizeof(p), "%s/etc/vfio-profile.d/pci-%s", r, bdf);
		if (slurp(p, def, sizeof(def)) < 0)
			def[0] = '\0';
		snprintf(p, sizeof(p), "%s/sys/kernel/config/vfio_profile/%s/profile", r, bdf);
		if (slurp(p, pol, sizeof(pol)) < 0)
			pol[0] = '\0';
		printf("{\"device\":\"%s\",\"vfio_dev\":\"%s\",\"driver\":\"%s\",\"group\":\"%s\","
		       "\"available\":\"%s\",\"current\":\"%s\",\"defined\":\"%s\",\"policy\":\"%s\","
		       "\"holders\":%d},\n", bdf, de->d_name, d, g, a, c, def, pol, holders);
	}
	closedir(dir);
	fputs("]}\n", stdout);
	return 0;
}

/* ---- measurement -------------------------------------------------- */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run_once(char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench: %s failed\n", argv[0]);
		exit(1);
	}
}

/* Mean time of one run over a batch. */
static double batch(char *const argv[], int k)
{
	double t0 = now();

	for (int i = 0; i < k; i++)
		run_once(argv);
	return (now() - t0) / k;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 256, 1024, 4096 };
	char self[4096], base[64], roots[3][4200], vfroot[4200], prom[4300];
	int rounds = argc > 2 ? atoi(argv[2]) : 15, k = argc > 3 ? atoi(argv[3]) : 5;
	double best_tool[3], best_base[3], ratios[64];
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "--baseline"))
		return baseline(argv[2]);
	if (argc < 2 || rounds < 1 || rounds > 64 || k < 1) {
		fprintf(stderr, "usage: bench TOOL [ROUNDS(1-64) [BATCH]] | bench --baseline ROOT\n");
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		die("/proc/self/exe");
	self[n] = '\0';
	/* tmpfs when there is one: in memory like sysfs, and disk-backed
	 * /tmp made building 5000 fake devices take a minute here. */
	snprintf(base, sizeof(base), "%s/vpc-bench.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(base))
		die("mkdtemp");
	for (int s = 0; s < 3; s++) {
		snprintf(roots[s], sizeof(roots[s]), "%s/%d", base, sizes[s]);
		make_tree(roots[s], sizes[s], 0);
	}
	snprintf(vfroot, sizeof(vfroot), "%s/vf256", base);
	make_tree(vfroot, 256, 1);
	snprintf(prom, sizeof(prom), "%s/vfio-profile.prom", base);
	printf("vfio-profilectl list -J vs a minimal C reader of the same files\n");
	printf("(whole processes, %d rounds x %d runs, A/B order alternating, best batch)\n\n",
	       rounds, k);
	for (int s = 0; s < 3; s++) {
		char *tool_argv[] = { argv[1], (char *)"--root", roots[s], (char *)"list", (char *)"-J", NULL };
		char *base_argv[] = { self, (char *)"--baseline", roots[s], NULL };
		int nr = sizes[s] == 4096 ? rounds : (rounds + 2) / 3;

		best_tool[s] = best_base[s] = 1e9;
		run_once(tool_argv);	/* warm the dentry cache */
		run_once(base_argv);
		for (int r = 0; r < nr; r++) {
			double a, b;

			if (r % 2) {
				b = batch(base_argv, k);
				a = batch(tool_argv, k);
			} else {
				a = batch(tool_argv, k);
				b = batch(base_argv, k);
			}
			if (a < best_tool[s])
				best_tool[s] = a;
			if (b < best_base[s])
				best_base[s] = b;
			if (sizes[s] == 4096)
				ratios[r] = a / b;
		}
		if (sizes[s] == 4096) {
			qsort(ratios, (size_t)nr, sizeof(double), dcmp);
			printf("P4 (4096 devices): list -J / minimal reader = %.2f (best batches); "
			       "per-round ratios min %.2f median %.2f max %.2f over %d rounds\n\n",
			       best_tool[s] / best_base[s], ratios[0], ratios[nr / 2], ratios[nr - 1], nr);
		}
	}
	{
		char *tool_argv[] = { argv[1], (char *)"--root", vfroot, (char *)"check",
				      (char *)"--textfile", prom, NULL };
		char *base_argv[] = { self, (char *)"--baseline", vfroot, NULL };
		double bt = 1e9, bb = 1e9;

		run_once(tool_argv);	/* exits 0: no drift */
		run_once(base_argv);
		for (int r = 0; r < rounds; r++) {
			double a, b;

			if (r % 2) {
				b = batch(base_argv, k);
				a = batch(tool_argv, k);
			} else {
				a = batch(tool_argv, k);
				b = batch(base_argv, k);
			}
			bt = a < bt ? a : bt;
			bb = b < bb ? b : bb;
			ratios[r] = a / b;
		}
		qsort(ratios, (size_t)rounds, sizeof(double), dcmp);
		printf("P6 (256 VFs, one PF selector): check --textfile / minimal reader = %.2f (best "
		       "batches); per-round ratios min %.2f median %.2f max %.2f over %d rounds; "
		       "check %.2f ms, reader %.2f ms (budget: one run every 15 s)\n\n",
		       bt / bb, ratios[0], ratios[rounds / 2], ratios[rounds - 1], rounds, bt * 1e3,
		       bb * 1e3);
	}
	printf("%8s %14s %14s %16s %16s\n", "devices", "list -J (ms)", "reader (ms)",
	       "list -J / dev", "reader / dev");
	for (int s = 0; s < 3; s++)
		printf("%8d %14.2f %14.2f %13.2f us %13.2f us\n", sizes[s], best_tool[s] * 1e3,
		       best_base[s] * 1e3, best_tool[s] * 1e6 / sizes[s], best_base[s] * 1e6 / sizes[s]);
	printf("\nAbsolute times swing on a shared host; compare the ratio.\n");
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
