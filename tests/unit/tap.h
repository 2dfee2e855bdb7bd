/* SPDX-License-Identifier: GPL-2.0-only */
/* Minimal TAP output for the userspace unit tests (kselftest style). */
#ifndef UNIT_TAP_H
#define UNIT_TAP_H
#include <stdio.h>

static int tap_n, tap_failed;

#define tap_ok(cond, ...) do {						\
	int _ok = !!(cond);						\
	printf("%sok %d - ", _ok ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!_ok) {							\
		tap_failed++;						\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
#endif
