// SPDX-License-Identifier: GPL-2.0-only
/*
 * bind-bench: time bind+probe of one PCI device to two drivers, alternating,
 * and print each driver's median and their ratio.
 *
 *   bind-bench BDF CYCLES DRIVER_A DRIVER_B
 *
 * A cycle binds the device to A (driver_override + drivers_probe, timed) and
 * unbinds it, then does the same for B; odd cycles start with B so that
 * neither driver always runs first.  Only the drivers_probe write is timed:
 * that is where the driver's probe, vfio registration and sysfs creation run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -1 : 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double bind_once(const char *bdf, const char *drv)
{
	char path[256];
	double t0, t1;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	if (write_str(path, drv))
		return -1;
	t0 = now_us();
	if (write_str("/sys/bus/pci/drivers_probe", bdf))
		return -1;
	t1 = now_us();
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", bdf);
	if (write_str(path, bdf))
		return -1;
	return t1 - t0;
}

int main(int argc, char **argv)
{
	double *a, *b, ma, mb;
	int cycles, i;

	if (argc != 5 || (cycles = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: bind-bench BDF CYCLES DRIVER_A DRIVER_B\n");
		return 2;
	}
	a = calloc(cycles, sizeof(*a));
	b = calloc(cycles, sizeof(*b));
	if (!a || !b)
		return 1;
	for (i = 0; i < cycles; i++) {
		if (i & 1) {
			b[i] = bind_once(argv[1], argv[4]);
			a[i] = bind_once(argv[1], argv[3]);
		} else {
			a[i] = bind_once(argv[1], argv[3]);
			b[i] = bind_once(argv[1], argv[4]);
		}
		if (a[i] < 0 || b[i] < 0) {
			fprintf(stderr, "bind-bench: %s: bind failed: %s\n", argv[1], errname(errno));
			return 1;
		}
	}
	qsort(a, cycles, sizeof(*a), cmp_double);
	qsort(b, cycles, sizeof(*b), cmp_double);
	ma = a[cycles / 2];
	mb = b[cycles / 2];
	printf("%s: median %.0f us (min %.0f, max %.0f) over %d binds\n",
	       argv[3], ma, a[0], a[cycles - 1], cycles);
	printf("%s: median %.0f us (min %.0f, max %.0f) over %d binds\n",
	       argv[4], mb, b[0], b[cycles - 1], cycles);
	printf("ratio %s/%s: %.3f (ratio of lower quartiles %.3f, of upper quartiles %.3f)\n", argv[3], argv[4],
	       ma / mb, a[cycles / 4] / b[cycles / 4],
	       a[3 * cycles / 4] / b[3 * cycles / 4]);
	return 0;
}
