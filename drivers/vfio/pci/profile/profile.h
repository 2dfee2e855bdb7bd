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

/* Kinds of policy items, by precedence: a higher value wins. */
enum {
	VFIO_PROFILE_RULE_NONE = 0,
	VFIO_PROFILE_RULE_ID = 1,	/* id-vvvv:dddd */
	VFIO_PROFILE_RULE_PF = 2,	/* pf-dddd:bb:dd.f: every VF of that PF */
	VFIO_PROFILE_RULE_EXACT = 3,	/* dddd:bb:dd.f */
};

/**
 * struct vfio_profile_keys - what policy items can name a device by
 * @dev: its PCI address, "dddd:bb:dd.f"
 * @pf: its PF's address if it is a VF, else NULL
 * @id: "vvvv:dddd", vendor and device ID, or NULL
 */
struct vfio_profile_keys {
	const char *dev;
	const char *pf;
	const char *id;
};

int vfio_profile_rule_parse(const char *name);
int vfio_profile_rule_match(const char *item, const struct vfio_profile_keys *keys);

/* sysfs.c */
extern const struct attribute_group *vfio_profile_groups[];

/* policy.c: the configfs pre-probe policy */
struct device;
bool vfio_profile_policy_get(struct device *dev, char *profile, char *rule);
int vfio_profile_policy_init(void);
void vfio_profile_policy_exit(void);

/* core.c */
bool vfio_profile_is_available(struct vfio_profile_set *set, unsigned int i);

#endif /* __VFIO_PROFILE_INTERNAL_H */
