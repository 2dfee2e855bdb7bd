/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interfaces of the vfio profile core. */
#ifndef __VFIO_PROFILE_INTERNAL_H
#define __VFIO_PROFILE_INTERNAL_H

#include <linux/types.h>

struct vfio_profile;
struct vfio_profile_set;

enum {
	VFIO_PROFILE_CHANGE = 0,
	VFIO_PROFILE_UNCHANGED = 1,
};

/* select.c: pure logic, also built into the unit tests */
bool vfio_profile_name_valid(const char *name);
int vfio_profile_lookup(const struct vfio_profile *profiles, unsigned int nr,
			const char *buf, size_t count);
int vfio_profile_decide(unsigned int want, unsigned int selected, bool open,
			bool available);

/* sysfs.c */
extern const struct attribute_group *vfio_profile_groups[];

/* policy.c: the configfs pre-probe policy */
bool vfio_profile_policy_get(const char *device, char *profile);
int vfio_profile_policy_init(void);
void vfio_profile_policy_exit(void);

/* core.c */
bool vfio_profile_is_available(struct vfio_profile_set *set, unsigned int i);

#endif /* __VFIO_PROFILE_INTERNAL_H */
