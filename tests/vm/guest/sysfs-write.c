// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs-write: write exact bytes to a file in one write(2) and print the
 * outcome, so tests can check the errno a sysfs store returns.
 *
 *   sysfs-write FILE STRING     C escapes in STRING: \n \t \r \0 \\ \xHH
 *   sysfs-write FILE -fill N C  N copies of the character C
 *
 * Prints "ok <bytes written>" or "error <ERRNO>"; exits 0 either way (the
 * outcome is the result), 2 on usage errors, 1 if FILE cannot be opened.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errname.h"

static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case 'r': out[n++] = '\r'; s++; break;
		case '0': out[n++] = '\0'; s++; break;
		case 'x': {
			char hex[3] = { s[1], s[1] ? s[2] : 0, 0 };

			out[n++] = (char)strtoul(hex, NULL, 16);
			s += 1 + strlen(hex);
			break;
		}
		default: out[n++] = *s++; break;
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	size_t len;
	ssize_t n;
	int fd;

	if (argc == 5 && !strcmp(argv[2], "-fill")) {
		len = strtoul(argv[3], NULL, 0);
		if (len > sizeof(buf))
			return 2;
		memset(buf, argv[4][0], len);
	} else if (argc == 3) {
		if (strlen(argv[2]) > sizeof(buf))
			return 2;
		len = unescape(argv[2], buf);
	} else {
		fprintf(stderr, "usage: sysfs-write FILE STRING | FILE -fill N C\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("error %s\n", errname(errno));
		return 1;
	}
	n = write(fd, buf, len);
	if (n < 0)
		printf("error %s\n", errname(errno));
	else
		printf("ok %zd\n", n);
	close(fd);
	return 0;
}
