// SPDX-License-Identifier: GPL-2.0-only
/*
 * uevent-listen: print kernel uevents of one subsystem, as udev receives
 * them, and check files under the device at the moment its event arrives.
 *
 *   uevent-listen [-r READY] [-t MS] [-n COUNT] [-c RELPATH] SUBSYSTEM
 *
 * For each event of SUBSYSTEM prints "ACTION DEVPATH [VFIO_PROFILE=...]" and,
 * with -c, "present" or "absent" for /sys<DEVPATH>/<RELPATH> as seen when
 * the event was received.  Creates READY once listening.  Stops after COUNT
 * events or MS milliseconds (default 3000) without one.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

int main(int argc, char **argv)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	const char *ready = NULL, *check = NULL, *subsystem;
	int timeout = 3000, count = -1, opt, fd;
	int rcvbuf = 1 << 20;
	static char buf[8192];

	while ((opt = getopt(argc, argv, "r:t:n:c:")) != -1) {
		switch (opt) {
		case 'r': ready = optarg; break;
		case 't': timeout = atoi(optarg); break;
		case 'n': count = atoi(optarg); break;
		case 'c': check = optarg; break;
		default: return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: uevent-listen [-r READY] [-t MS] [-n COUNT] [-c RELPATH] SUBSYSTEM\n");
		return 2;
	}
	subsystem = argv[optind];
	setvbuf(stdout, NULL, _IOLBF, 0);

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror("uevent-listen: netlink");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (ready)
		close(open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644));

	while (count) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		const char *action = NULL, *devpath = NULL, *subsys = NULL;
		const char *profile = NULL;
		ssize_t n;
		char *p;

		if (poll(&pfd, 1, timeout) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			break;
		buf[n] = '\0';
		/* "action@devpath\0KEY=value\0..." */
		for (p = buf + strlen(buf) + 1; p < buf + n; p += strlen(p) + 1) {
			if (!strncmp(p, "ACTION=", 7))
				action = p + 7;
			else if (!strncmp(p, "DEVPATH=", 8))
				devpath = p + 8;
			else if (!strncmp(p, "SUBSYSTEM=", 10))
				subsys = p + 10;
			else if (!strncmp(p, "VFIO_PROFILE=", 13))
				profile = p;
		}
		if (!action || !devpath || !subsys || strcmp(subsys, subsystem))
			continue;
		printf("%s %s", action, devpath);
		if (profile)
			printf(" %s", profile);
		if (check) {
			char path[4096];

			snprintf(path, sizeof(path), "/sys%s/%s", devpath, check);
			printf(" %s", access(path, F_OK) ? "absent" : "present");
		}
		printf("\n");
		if (count > 0)
			count--;
	}
	return 0;
}
