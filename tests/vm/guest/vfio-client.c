// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-client: drive one PCI device through the VFIO group/container uAPI,
 * as QEMU does, so that tests in the VM exercise the real interfaces.
 *
 *   vfio-client BDF COMMAND...
 *
 * The device is opened once, the commands run in order, then it is closed.
 * Commands:
 *   info                    device, region and IRQ info, one stable line each
 *   dump-config FILE        config space 0..0xfff (4-byte reads) to FILE
 *   read REGION OFF SIZE    one pread; prints 0x<value> or "error <ERRNO>"
 *   write REGION OFF SIZE VALUE
 *                           one pwrite; prints "ok" or "error <ERRNO>"
 *   reset                   VFIO_DEVICE_RESET; prints "ok" or "error <ERRNO>"
 *   hold FILE               create FILE, then wait for SIGTERM/SIGINT; lets a
 *                           test poke sysfs while the device is open
 * REGION is a region index or one of bar0..bar5, rom, config.
 *
 * Exit: 0 when every command ran (their results are printed), 1 when the
 * device could not be opened, 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
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
};

static int client_open(struct client *c, const char *bdf)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	unsigned int i;

	if (vfio_open_group(&c->h, bdf))
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
	fprintf(stderr, "usage: vfio-client BDF COMMAND...\n");
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

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
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
	struct client c;
	int i;

	if (argc < 3)
		die_usage("missing arguments");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (client_open(&c, argv[1]))
		return 1;

	for (i = 2; i < argc; i++) {
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
		} else {
			die_usage("unknown command or missing operands");
		}
	}
	vfio_close(&c.h);
	return 0;
}
