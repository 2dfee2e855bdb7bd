// SPDX-License-Identifier: GPL-2.0-only
/* list and show: gather sysfs, definitions, configfs and holders. */
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "configfs.h"
#include "device.h"
#include "inuse.h"
#include "output.h"
#include "rules.h"
#include "store.h"
#include "util.h"

/* Definition, policy and holders of one row. Returns VPC_EXIT_*. */
static int fill_row(const struct vpc_ctx *ctx, struct vpc_defs *defs, bool cfs,
		    const struct vpc_holders *h, struct vpc_row *r)
{
	int rc = VPC_EXIT_OK;

	if (vpc_effective(ctx, defs, &r->dev, &r->eff))
		rc = VPC_EXIT_ERROR;	/* printed; shown as not defined */
	else if (r->eff.kind != VPC_RULE_NONE) {
		r->defined = true;
		strcpy(r->defined_profile, r->eff.profile);
	}
	if (cfs && vpc_cfs_read(ctx, r->dev.addr, r->policy, sizeof(r->policy), &r->has_policy))
		rc = VPC_EXIT_ERROR;
	r->nholders = vpc_holders_of(h, &r->dev, &r->holder);
	r->holders_incomplete = h->incomplete;
	return rc;
}

int vpc_cmd_list(const struct vpc_ctx *ctx)
{
	struct vpc_pci_addr *defs = NULL;
	struct vpc_dev *devs = NULL;
	struct vpc_row *rows = NULL;
	struct vpc_holders h = { 0 };
	struct vpc_defs all = { 0 };
	size_t ndevs = 0, ndefs = 0, nrows = 0, i = 0, j = 0;
	bool cfs = vpc_cfs_present(ctx);
	int rc = VPC_EXIT_OK;

	if (vpc_dev_enum(ctx, &devs, &ndevs) || vpc_defs_list(ctx, &all) ||
	    vpc_exact_defs(&all, &defs, &ndefs) || vpc_holders_scan(ctx, &h)) {
		rc = VPC_EXIT_ERROR;
		goto out;
	}
	rows = calloc(ndevs + ndefs + 1, sizeof(*rows));
	if (!rows) {
		vpc_err(NULL, "out of memory");
		rc = VPC_EXIT_ERROR;
		goto out;
	}
	/*
	 * Merge the two sorted lists: devices with profiles, then
	 * definitions of devices that have none now (unbound, other driver,
	 * not created yet) with empty available/current.
	 */
	while (i < ndevs || j < ndefs) {
		int c = i == ndevs ? 1 : j == ndefs ? -1 : vpc_pci_addr_cmp(&devs[i].pci, &defs[j]);

		if (c <= 0) {
			rows[nrows].dev = devs[i++];
			j += c == 0;
		} else {
			vpc_dev_probe(ctx, &defs[j++], NULL, &rows[nrows].dev);
			/* Only a device with profiles shows available/current. */
		}
		rc = vpc_exit_merge(rc, fill_row(ctx, &all, cfs, &h, &rows[nrows]));
		nrows++;
	}
	if (vpc_out_list(ctx, rows, nrows))
		rc = VPC_EXIT_ERROR;
out:
	free(rows);
	free(devs);
	free(defs);
	vpc_defs_free(&all);
	vpc_holders_free(&h);
	return rc;
}

int vpc_cmd_show(const struct vpc_ctx *ctx, const char *arg)
{
	struct vpc_holders h = { 0 };
	struct vpc_defs defs;
	struct vpc_row row;
	int rc;

	memset(&row, 0, sizeof(row));
	rc = vpc_dev_resolve(ctx, arg, &row.dev);
	if (rc)
		return rc;
	if (vpc_holders_scan(ctx, &h))
		return VPC_EXIT_ERROR;
	vpc_defs_lazy(ctx, &defs);
	rc = fill_row(ctx, &defs, vpc_cfs_present(ctx), &h, &row);
	vpc_defs_free(&defs);
	if (!row.dev.present && !row.defined && !row.has_policy && rc == VPC_EXIT_OK) {
		vpc_err(row.dev.addr, "no such PCI device, and no definition");
		rc = VPC_EXIT_ERROR;
	} else if (vpc_out_show(ctx, &row)) {
		rc = VPC_EXIT_ERROR;
	}
	vpc_holders_free(&h);
	return rc;
}
