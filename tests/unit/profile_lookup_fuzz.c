// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for vfio_profile_lookup(): for any bytes written to
 * profiles/current it must return -EINVAL or the one profile whose name is
 * exactly those bytes, minus at most one trailing newline, and never read
 * past the buffer (ASan sees to that).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio_profile.h>
#include "../../drivers/vfio/pci/profile/profile.h"

static const struct vfio_profile profiles[] = {
	{ .name = "native" }, { .name = "transitional" }, { .name = "nat" },
	{ .name = "a" },
};

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* A private copy, so ASan catches reads past the written bytes. */
	char *buf = malloc(size ? size : 1);
	size_t len = size;
	unsigned int i;
	int got, want = -EINVAL;

	memcpy(buf, data, size);
	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strlen(profiles[i].name) == len && !memcmp(profiles[i].name, buf, len))
			want = i;
	got = vfio_profile_lookup(profiles, 4, buf, size);
	free(buf);
	if (got != want)
		abort();
	return 0;
}
