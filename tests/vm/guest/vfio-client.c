// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-client: drive one PCI device through the VFIO group/container uAPI,
 * as QEMU does, so that tests in the VM exercise the real interfaces.
 *
 *   vfio-client [--cdev | --noiommu] BDF COMMAND...
 *
 * The device is opened once, the commands run in order, then it is closed.
 * It is opened through its group, or with --cdev through /dev/vfio/devices/
 * and iommufd, or with --noiommu through its no-IOMMU group.
 * Commands:
 *   info                    device, region and IRQ info, one stable line each
 *   dump-config FILE        config space 0..0xfff (4-byte reads) to FILE
 *   read REGION OFF SIZE    one pread; prints 0x<value> or "error <ERRNO>"
 *   write REGION OFF SIZE VALUE
 *                           one pwrite; prints "ok" or "error <ERRNO>"
 *   reset                   VFIO_DEVICE_RESET; prints "ok" or "error <ERRNO>"
 *   hold FILE               create FILE, then wait for SIGTERM/SIGINT; lets a
 *                           test poke sysfs while the device is open
 *   msix N                  enable N MSI-X vectors (VFIO_DEVICE_SET_IRQS with
 *                           eventfds), as a VMM does; N=0 disables MSI-X
 *   cfg-scan FILE           read config 0..0xff at every offset with sizes 1,
 *                           2 and 4; one line "OFF SIZE VALUE|error E" each
 *   random N SEED           N random preads/pwrites of config space and BAR0
 *                           (offsets, sizes, data) mixed with random ioctls;
 *                           prints counts of results
 *   run SHELL-COMMAND       run it with the device still open (prints nothing
 *                           itself), e.g. to poke sysfs or debugfs mid-session
 *   compare A B             time two accesses side by side: 200 rounds of a
 *                           1000-access batch of each, order alternating;
 *                           prints best ns/op of each and the ratio A/B.
 *                           A and B are REGION:OFF:SIZE:r or REGION:OFF:SIZE:w
 *   dma-map LEN             map LEN bytes for DMA (IOAS or type1 container),
 *                           check and unmap them; prints "ok" or "error <ERRNO>"
 *   dma-mem IOVA LEN        map LEN bytes of zeroed memory at IOVA (type1) and
 *                           keep them until the device closes: the memory a
 *                           test's virtqueues live in; prints "ok" or "error"
 *   mem-write OFF SIZE VALUE  store VALUE (little endian) at OFF of that memory
 *   mem-read OFF SIZE       print the SIZE-byte value at OFF as 0x<value>
 *   region-info INDEX ARGSZ one raw VFIO_DEVICE_GET_REGION_INFO with that
 *                           index (any number) and argsz, the fields the
 *                           kernel fills poisoned first; prints every field
 *                           ("argsz=... flags=... index=... cap_offset=...
 *                           size=... offset=...") or "error <ERRNO>"
 * REGION is a region index or one of bar0..bar5, rom, config.
 *
 * Exit: 0 when every command ran (their results are printed), 1 when the
 * device could not be opened, 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "errname.h"
#include "vfio-open.h"

struct client {
	struct vfio_handle h;
	int device;		/* h.device, for brevity */
	struct vfio_region_info regions[VFIO_PCI_NUM_REGIONS];
	unsigned int num_regions;
	uint8_t *mem;		/* dma-mem, NULL until then */
	size_t mem_len;
};

/* vfio_open_group, unless main() was given --cdev or --noiommu */
static int (*open_device)(struct vfio_handle *h, const char *bdf) = vfio_open_group;

static int client_open(struct client *c, const char *bdf)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	unsigned int i;

	if (open_device(&c->h, bdf))
		return -1;
	c->device = c->h.device;
	if (ioctl(c->device, VFIO_DEVICE_GET_INFO, &info)) {
		fprintf(stderr, "vfio-client: %s: DEVICE_GET_INFO: %s\n", bdf, errname(errno));
		return -1;
	}
	c->num_regions = info.num_regions < VFIO_PCI_NUM_REGIONS ?
			 info.num_regions : VFIO_PCI_NUM_REGIONS;
	for (i = 0; i < c->num_regions; i++) {
		c->regions[i].argsz = sizeof(c->regions[i]);
		c->regions[i].index = i;
		/* Absent regions (VGA) fail with EINVAL and stay size 0. */
		if (ioctl(c->device, VFIO_DEVICE_GET_REGION_INFO, &c->regions[i]))
			c->regions[i].size = 0;
	}
	return 0;
}

static void die_usage(const char *msg)
{
	fprintf(stderr, "vfio-client: %s\n", msg);
	fprintf(stderr, "usage: vfio-client [--cdev | --noiommu] BDF COMMAND...\n");
	exit(2);
}


static int region_index(const char *name)
{
	static const char *const names[] = {
		"bar0", "bar1", "bar2", "bar3", "bar4", "bar5", "rom", "config",
	};
	unsigned int i;
	char *end;
	long v;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return i;
	v = strtol(name, &end, 0);
	if (*end || v < 0 || v >= VFIO_PCI_NUM_REGIONS)
		die_usage("bad region");
	return v;
}

static unsigned long long number(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s)
		die_usage("bad number");
	return v;
}

/* Region info capabilities, by id, so equivalence checks compare them too. */
static void print_region_caps(struct client *c, unsigned int index)
{
	struct vfio_region_info *info;
	struct vfio_info_cap_header *hdr;
	uint32_t argsz = c->regions[index].argsz;
	uint32_t off;

	if (!(c->regions[index].flags & VFIO_REGION_INFO_FLAG_CAPS))
		return;
	info = calloc(1, argsz);
	if (!info)
		return;
	info->argsz = argsz;
	info->index = index;
	if (ioctl(c->device, VFIO_DEVICE_GET_REGION_INFO, info) == 0) {
		for (off = info->cap_offset; off && off + sizeof(*hdr) <= argsz;
		     off = hdr->next) {
			hdr = (struct vfio_info_cap_header *)((char *)info + off);
			printf(" cap=%u.%u", hdr->id, hdr->version);
		}
	}
	free(info);
}

static void cmd_region_info(struct client *c, unsigned long long index,
			    unsigned long long argsz)
{
	struct vfio_region_info *info;
	size_t len = sizeof(*info);

	if (index > UINT32_MAX || argsz > 65536)
		die_usage("region-info: INDEX is 32 bits, ARGSZ at most 65536");
	/* Room for whatever capability chain argsz allows the kernel. */
	if (argsz > len)
		len = argsz;
	info = calloc(1, len);
	if (!info) {
		printf("error ENOMEM\n");
		return;
	}
	info->argsz = argsz;
	info->index = index;
	info->flags = 0xa5a5a5a5;
	info->size = 0xa5a5a5a5a5a5a5a5ULL;
	info->offset = 0xa5a5a5a5a5a5a5a5ULL;
	if (ioctl(c->device, VFIO_DEVICE_GET_REGION_INFO, info))
		printf("error %s\n", errname(errno));
	else
		printf("argsz=%u flags=0x%x index=%u cap_offset=0x%x size=0x%llx offset=0x%llx\n",
		       info->argsz, info->flags, info->index, info->cap_offset,
		       (unsigned long long)info->size, (unsigned long long)info->offset);
	free(info);
}

static void cmd_info(struct client *c)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	unsigned int i;

	ioctl(c->device, VFIO_DEVICE_GET_INFO, &info);
	printf("device flags=0x%x regions=%u irqs=%u\n", info.flags,
	       info.num_regions, info.num_irqs);
	for (i = 0; i < c->num_regions; i++) {
		printf("region %u size=0x%llx flags=0x%x", i,
		       (unsigned long long)c->regions[i].size, c->regions[i].flags);
		print_region_caps(c, i);
		printf("\n");
	}
	for (i = 0; i < info.num_irqs; i++) {
		struct vfio_irq_info irq = { .argsz = sizeof(irq), .index = i };

		if (ioctl(c->device, VFIO_DEVICE_GET_IRQ_INFO, &irq))
			printf("irq %u error %s\n", i, errname(errno));
		else
			printf("irq %u flags=0x%x count=%u\n", i, irq.flags, irq.count);
	}
}

/*
 * Regions whose info the device refused still get an offset, in vfio-pci's
 * layout (index << 40), so that tests can check the access is refused too.
 */
static off_t region_offset(struct client *c, int index)
{
	if (index < (int)c->num_regions && c->regions[index].size)
		return (off_t)c->regions[index].offset;
	return (off_t)index << 40;
}

static int cmd_dump_config(struct client *c, const char *file)
{
	off_t base = region_offset(c, VFIO_PCI_CONFIG_REGION_INDEX);
	uint8_t buf[4096];
	unsigned int off;
	FILE *f;

	for (off = 0; off < sizeof(buf); off += 4) {
		if (pread(c->device, buf + off, 4, base + off) != 4) {
			printf("error %s at 0x%x\n", errname(errno), off);
			return -1;
		}
	}
	f = fopen(file, "w");
	if (!f || fwrite(buf, 1, sizeof(buf), f) != sizeof(buf) || fclose(f)) {
		fprintf(stderr, "vfio-client: %s: %s\n", file, strerror(errno));
		return -1;
	}
	printf("ok\n");
	return 0;
}

static void cmd_read(struct client *c, int index, uint64_t off, size_t size)
{
	uint64_t v = 0;
	ssize_t n;

	if (size > sizeof(v))
		die_usage("size must be 1..8");
	n = pread(c->device, &v, size, region_offset(c, index) + off);
	if (n < 0)
		printf("error %s\n", errname(errno));
	else if ((size_t)n != size)
		printf("short %zd\n", n);
	else
		printf("0x%llx\n", (unsigned long long)v);
}

static void cmd_write(struct client *c, int index, uint64_t off, size_t size,
		      uint64_t v)
{
	ssize_t n;

	if (size > sizeof(v))
		die_usage("size must be 1..8");
	n = pwrite(c->device, &v, size, region_offset(c, index) + off);
	if (n < 0)
		printf("error %s\n", errname(errno));
	else if ((size_t)n != size)
		printf("short %zd\n", n);
	else
		printf("ok\n");
}

static int msix_set(struct client *c, unsigned int n)
{
	char buf[sizeof(struct vfio_irq_set) + 64 * sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	int32_t *fds = (int32_t *)set->data;
	unsigned int i;
	int ret;

	if (n > 64)
		die_usage("at most 64 vectors");
	memset(buf, 0, sizeof(buf));
	set->argsz = sizeof(*set) + n * sizeof(int32_t);
	set->index = VFIO_PCI_MSIX_IRQ_INDEX;
	set->start = 0;
	set->count = n;
	set->flags = n ? VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER :
			 VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
	for (i = 0; i < n; i++)
		fds[i] = eventfd(0, EFD_CLOEXEC);
	ret = ioctl(c->device, VFIO_DEVICE_SET_IRQS, set) ? -errno : 0;
	/* The kernel holds its own references to the eventfds. */
	for (i = 0; i < n; i++)
		close(fds[i]);
	return ret;
}

static void msix_quiet(struct client *c, unsigned int n)
{
	msix_set(c, n);
}

static void cmd_msix(struct client *c, unsigned int n)
{
	int ret = msix_set(c, n);

	if (ret)
		printf("error %s\n", errname(-ret));
	else
		printf("ok\n");
}

static int cmd_cfg_scan(struct client *c, const char *file)
{
	off_t base = region_offset(c, VFIO_PCI_CONFIG_REGION_INDEX);
	static const unsigned int sizes[] = { 1, 2, 4 };
	unsigned int off, i;
	FILE *f = fopen(file, "w");

	if (!f) {
		fprintf(stderr, "vfio-client: %s: %s\n", file, strerror(errno));
		return -1;
	}
	for (off = 0; off < 0x100; off++) {
		for (i = 0; i < 3; i++) {
			uint32_t v = 0;

			if (off + sizes[i] > 0x100)
				continue;
			if (pread(c->device, &v, sizes[i], base + off) == (ssize_t)sizes[i])
				fprintf(f, "0x%02x %u 0x%x\n", off, sizes[i], v);
			else
				fprintf(f, "0x%02x %u error %s\n", off, sizes[i], errname(errno));
		}
	}
	fclose(f);
	printf("ok\n");
	return 0;
}

/* xorshift64*: deterministic for a seed, so a failure can be replayed. */
static uint64_t rnd_state;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

static void cmd_random(struct client *c, unsigned long n, uint64_t seed)
{
	static const unsigned int sizes[] = { 1, 2, 3, 4, 8 };
	unsigned long ok = 0, failed = 0, ioctls = 0, i;
	uint8_t buf[8];

	rnd_state = seed ? seed : 1;
	for (i = 0; i < n; i++) {
		uint64_t r = rnd();
		unsigned int size = sizes[r % 5];
		int index = (r >> 8) & 1 ? VFIO_PCI_CONFIG_REGION_INDEX :
			    VFIO_PCI_BAR0_REGION_INDEX;
		unsigned int span = index == VFIO_PCI_BAR0_REGION_INDEX ? 40 : 0x110;
		off_t off = (r >> 16) % span;
		bool write = (r >> 40) & 1;
		ssize_t ret;

		if ((r >> 48) % 128 == 0) {
			/*
			 * An ioctl instead: region/IRQ info, MSI-X on/off, and
			 * rarely a reset (an FLR takes long under emulation).
			 */
			struct vfio_region_info ri = { .argsz = sizeof(ri) };

			switch ((r >> 56) % 16) {
			case 0:
				ri.index = (r >> 32) % 12;
				ioctl(c->device, VFIO_DEVICE_GET_REGION_INFO, &ri);
				break;
			case 1:
				msix_quiet(c, (r >> 32) % 3);
				break;
			case 2:
				ioctl(c->device, VFIO_DEVICE_RESET);
				break;
			case 3 ... 9: {
				struct vfio_region_info bar0 = { .argsz = sizeof(bar0) };

				ioctl(c->device, VFIO_DEVICE_GET_REGION_INFO, &bar0);
				break;
			}
			default: {
				struct vfio_irq_info irq = { .argsz = sizeof(irq),
							     .index = (r >> 32) % 7 };
				ioctl(c->device, VFIO_DEVICE_GET_IRQ_INFO, &irq);
				break;
			}
			}
			ioctls++;
			continue;
		}
		/*
		 * Random config writes may turn decode off, start an FLR or
		 * change the power state: whatever state the device ends up
		 * in, the kernel must stay sound and the calls must return.
		 */
		if (write) {
			uint64_t data = rnd();

			memcpy(buf, &data, sizeof(buf));
			ret = pwrite(c->device, buf, size, region_offset(c, index) + off);
		} else {
			ret = pread(c->device, buf, size, region_offset(c, index) + off);
		}
		if (ret == (ssize_t)size)
			ok++;
		else
			failed++;
	}
	printf("accesses %lu ok %lu failed %lu ioctls %lu\n", ok + failed, ok, failed, ioctls);
}

struct access {
	int index;
	off_t off;
	size_t size;
	bool write;
};

static struct access parse_access(struct client *c, char *spec)
{
	struct access a;
	char *region = strtok(spec, ":"), *off = strtok(NULL, ":");
	char *size = strtok(NULL, ":"), *op = strtok(NULL, ":");

	if (!region || !off || !size || !op)
		die_usage("access is REGION:OFF:SIZE:r|w");
	a.index = region_index(region);
	a.off = region_offset(c, a.index) + number(off);
	a.size = number(size);
	a.write = *op == 'w';
	if (a.size > 8)
		die_usage("size must be 1..8");
	return a;
}

static double batch_ns(struct client *c, const struct access *a, unsigned int n)
{
	struct timespec t0, t1;
	uint64_t v = 0;
	unsigned int i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (a->write)
			pwrite(c->device, &v, a->size, a->off);
		else
			pread(c->device, &v, a->size, a->off);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / n;
}

static int cmp_dbl(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static void cmd_compare(struct client *c, char *spec_a, char *spec_b)
{
	enum { ROUNDS = 200, BATCH = 1000 };
	struct access a = parse_access(c, spec_a), b = parse_access(c, spec_b);
	static double ratios[ROUNDS];
	double best_a = 1e30, best_b = 1e30, ta, tb;
	unsigned int r;

	for (r = 0; r < ROUNDS; r++) {
		if (r & 1) {
			tb = batch_ns(c, &b, BATCH);
			ta = batch_ns(c, &a, BATCH);
		} else {
			ta = batch_ns(c, &a, BATCH);
			tb = batch_ns(c, &b, BATCH);
		}
		best_a = ta < best_a ? ta : best_a;
		best_b = tb < best_b ? tb : best_b;
		ratios[r] = ta / tb;
	}
	qsort(ratios, ROUNDS, sizeof(ratios[0]), cmp_dbl);
	printf("A best %.0f ns/op, B best %.0f ns/op, ratio of bests %.2f "
	       "(per-round ratios: p10 %.2f, median %.2f, p90 %.2f; %d rounds of %d)\n",
	       best_a, best_b, best_a / best_b, ratios[ROUNDS / 10], ratios[ROUNDS / 2],
	       ratios[ROUNDS * 9 / 10], ROUNDS, BATCH);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void cmd_dma_mem(struct client *c, uint64_t iova, size_t len)
{
	if (c->mem)
		die_usage("dma-mem given twice");
	c->mem = vfio_dma_map_keep(&c->h, iova, len);
	if (!c->mem) {
		printf("error %s\n", errname(errno));
		return;
	}
	c->mem_len = len;
	printf("ok\n");
}

/* mem-read/mem-write: little-endian values of 1..8 bytes in the dma-mem. */
static void cmd_mem(struct client *c, uint64_t off, size_t size, bool write,
		    uint64_t v)
{
	size_t i;

	if (!c->mem || size < 1 || size > 8 || off > c->mem_len ||
	    size > c->mem_len - off)
		die_usage("mem access outside dma-mem, or size not 1..8");
	if (write) {
		for (i = 0; i < size; i++)
			((volatile uint8_t *)c->mem)[off + i] = v >> (8 * i);
		printf("ok\n");
		return;
	}
	for (v = 0, i = size; i--; )
		v = v << 8 | ((volatile uint8_t *)c->mem)[off + i];
	printf("0x%llx\n", (unsigned long long)v);
}

static void cmd_hold(const char *file)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block, old;
	int fd;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
	/* Signals are blocked until sigsuspend: none can slip in between. */
	while (!stop)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv)
{
	struct client c = { .mem = NULL };
	int i, first = 1;

	for (; first < argc && !strncmp(argv[first], "--", 2); first++) {
		if (!strcmp(argv[first], "--cdev"))
			open_device = vfio_open_cdev;
		else if (!strcmp(argv[first], "--noiommu"))
			open_device = vfio_open_noiommu;
		else
			die_usage("unknown option");
	}
	if (argc < first + 2)
		die_usage("missing arguments");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (client_open(&c, argv[first]))
		return 1;

	for (i = first + 1; i < argc; i++) {
		const char *cmd = argv[i];

		if (!strcmp(cmd, "info")) {
			cmd_info(&c);
		} else if (!strcmp(cmd, "dump-config") && i + 1 < argc) {
			cmd_dump_config(&c, argv[++i]);
		} else if (!strcmp(cmd, "read") && i + 3 < argc) {
			cmd_read(&c, region_index(argv[i + 1]), number(argv[i + 2]),
				 number(argv[i + 3]));
			i += 3;
		} else if (!strcmp(cmd, "write") && i + 4 < argc) {
			cmd_write(&c, region_index(argv[i + 1]), number(argv[i + 2]),
				  number(argv[i + 3]), number(argv[i + 4]));
			i += 4;
		} else if (!strcmp(cmd, "reset")) {
			if (ioctl(c.device, VFIO_DEVICE_RESET))
				printf("error %s\n", errname(errno));
			else
				printf("ok\n");
		} else if (!strcmp(cmd, "hold") && i + 1 < argc) {
			cmd_hold(argv[++i]);
		} else if (!strcmp(cmd, "dma-map") && i + 1 < argc) {
			int ret = vfio_dma_map_test(&c.h, number(argv[++i]));

			if (ret)
				printf("error %s\n", errname(-ret));
			else
				printf("ok\n");
		} else if (!strcmp(cmd, "dma-mem") && i + 2 < argc) {
			cmd_dma_mem(&c, number(argv[i + 1]), number(argv[i + 2]));
			i += 2;
		} else if (!strcmp(cmd, "mem-write") && i + 3 < argc) {
			cmd_mem(&c, number(argv[i + 1]), number(argv[i + 2]), true,
				number(argv[i + 3]));
			i += 3;
		} else if (!strcmp(cmd, "mem-read") && i + 2 < argc) {
			cmd_mem(&c, number(argv[i + 1]), number(argv[i + 2]), false, 0);
			i += 2;
		} else if (!strcmp(cmd, "region-info") && i + 2 < argc) {
			cmd_region_info(&c, number(argv[i + 1]), number(argv[i + 2]));
			i += 2;
		} else if (!strcmp(cmd, "run") && i + 1 < argc) {
			fflush(stdout);
			if (system(argv[++i]) == -1)
				perror("vfio-client: run");
		} else if (!strcmp(cmd, "msix") && i + 1 < argc) {
			cmd_msix(&c, number(argv[++i]));
		} else if (!strcmp(cmd, "cfg-scan") && i + 1 < argc) {
			cmd_cfg_scan(&c, argv[++i]);
		} else if (!strcmp(cmd, "random") && i + 2 < argc) {
			cmd_random(&c, number(argv[i + 1]), number(argv[i + 2]));
			i += 2;
		} else if (!strcmp(cmd, "compare") && i + 2 < argc) {
			cmd_compare(&c, argv[i + 1], argv[i + 2]);
			i += 2;
		} else {
			die_usage("unknown command or missing operands");
		}
	}
	vfio_close(&c.h);
	return 0;
}
