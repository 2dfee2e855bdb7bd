/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device discovery in sysfs: what a PCI device is bound to, its vfio-dev
 * device and its profiles/ attributes, and writing profiles/current.
 * Everything persistent keys on the PCI address; vfioN is looked up each
 * time because it changes across rebinds.
 */
#ifndef VPC_DEVICE_H
#define VPC_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "vpc.h"

struct vpc_dev {
	struct vpc_pci_addr pci;
	char addr[VPC_ADDR_LEN];	/* canonical address, always set */
	bool present;			/* /sys/bus/pci/devices/<addr> exists */
	char vfio[24];			/* "vfioN" or "" */
	char driver[64];		/* driver name or "" (unbound) */
	long iommu_group;		/* -1: none */
	char pf[VPC_ADDR_LEN];		/* the PF's address if a VF (physfn), or "" */
	char id[10];			/* "vvvv:dddd" from vendor and device, or "" */
	char source[VPC_ATTR_MAX];	/* profiles/source: "RULE PROFILE", or "" */
	bool has_profiles;		/* vfio-dev/vfioN/profiles/ is there */
	char available[VPC_ATTR_MAX];	/* names separated by single spaces */
	char current[VPC_ATTR_MAX];
};

/* Fill d for a canonical PCI address; a missing device is not an error
 * (d->present stays false). vfio_hint may name the vfio-dev device. */
int vpc_dev_probe(const struct vpc_ctx *ctx, const struct vpc_pci_addr *a, const char *vfio_hint,
		  struct vpc_dev *d);

/*
 * Resolve a DEV argument. Returns VPC_EXIT_OK, VPC_EXIT_USAGE (not a DEV
 * form) or VPC_EXIT_ERROR (vfioN or path that does not exist), printing
 * the error. A well-formed address always resolves (present may be false).
 */
int vpc_dev_resolve(const struct vpc_ctx *ctx, const char *arg, struct vpc_dev *d);

/* All vfio-dev devices that have profiles/, sorted by PCI address. */
int vpc_dev_enum(const struct vpc_ctx *ctx, struct vpc_dev **devs, size_t *n);

bool vpc_dev_available(const struct vpc_dev *d, const char *name);

/* Write name to profiles/current. Returns 0 or the errno of the write. */
int vpc_dev_write_current(const struct vpc_ctx *ctx, const struct vpc_dev *d, const char *name);

/* "not bound to a driver with profile support (driver: vfio-pci)" etc. */
void vpc_dev_explain_no_profiles(const struct vpc_dev *d);

#endif
