// SPDX-License-Identifier: GPL-2.0-only
/*
 * check: does every present device have the profile its effective
 * definition names? For monitoring: a table, JSON (-J) or a Prometheus
 * node_exporter textfile (--textfile), and exit status 5 on drift.
 *
 * Judged are the devices bound to a driver with profiles (any rule can
 * apply to them) and the present devices an exact definition names,
 * whatever they are bound to: naming one address is a promise about that
 * device, while a selector only speaks for the devices our drivers have.
 * The kernel does not record when a profile was refused or changed, so
 * "since" is always unknown, and says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "device.h"
#include "inuse.h"
#include "output.h"
#include "rules.h"
#include "util.h"

#define SINCE_UNKNOWN "unknown (the kernel does not record when a profile was refused or changed)"

struct check_row {
	struct vpc_dev dev;
	struct vpc_effective eff;
	bool bad;		/* its definition could not be read */
	bool drift;
	const char *reason;	/* unbound, other_driver, open, unavailable, pending */
	char detail[VPC_ATTR_MAX + 96];
};

struct check {
	struct check_row *rows;
	size_t n, ndrift;
	bool errors;
	long long now;
};

static void judge(const struct vpc_holders *h, struct check_row *r)
{
	const struct vpc_dev *d = &r->dev;
	const struct vpc_holder *first;
	size_t nh;

	/*
	 * default_profile is a default for probe "where the device can use
	 * it", not a definition: like apply, check leaves it alone.
	 */
	if (r->bad || r->eff.kind == VPC_RULE_NONE || r->eff.kind == VPC_RULE_DEFAULT)
		return;
	if (d->has_profiles && strcmp(d->current, r->eff.profile) == 0)
		return;
	r->drift = true;
	if (!d->has_profiles && !d->driver[0]) {
		r->reason = "unbound";
		snprintf(r->detail, sizeof(r->detail), "not bound to any driver");
		return;
	}
	if (!d->has_profiles) {
		r->reason = "other_driver";
		snprintf(r->detail, sizeof(r->detail), "bound to %s, which has no profiles", d->driver);
		return;
	}
	nh = vpc_holders_of(h, d, &first);
	if (nh) {
		r->reason = "open";
		if (nh > 1)
			snprintf(r->detail, sizeof(r->detail), "open by %s (pid %ld) and %zu more",
				 first->comm, (long)first->pid, nh - 1);
		else
			snprintf(r->detail, sizeof(r->detail), "open by %s (pid %ld)", first->comm,
				 (long)first->pid);
		return;
	}
	if (!vpc_dev_available(d, r->eff.profile)) {
		r->reason = "unavailable";
		snprintf(r->detail, sizeof(r->detail), "not available on this device (available: %s)",
			 d->available);
		return;
	}
	r->reason = "pending";
	snprintf(r->detail, sizeof(r->detail),
		 "closed and available, not applied yet (run '" VPC_PROG " apply %s')", d->addr);
}

static struct check_row *add_row(struct check *c, size_t *cap)
{
	struct check_row *nv = vpc_grow(c->rows, cap, c->n, sizeof(*nv), 64);

	if (!nv)
		return NULL;
	c->rows = nv;
	memset(&nv[c->n], 0, sizeof(nv[c->n]));
	return &nv[c->n++];
}

/* Gather and judge. Returns 0 or -1 (nothing could be checked). */
static int gather(const struct vpc_ctx *ctx, struct check *c)
{
	struct vpc_pci_addr *defs = NULL;
	struct vpc_dev *devs = NULL;
	struct vpc_holders h = { 0 };
	struct vpc_defs all = { 0 };
	size_t ndefs = 0, ndevs = 0, i = 0, j = 0, cap = 0;
	int rc = 0;

	if (vpc_dev_enum(ctx, &devs, &ndevs) || vpc_defs_list(ctx, &all) ||
	    vpc_exact_defs(&all, &defs, &ndefs) || vpc_holders_scan(ctx, &h)) {
		rc = -1;
		goto out;
	}
	while (i < ndevs || j < ndefs) {
		int cmp = i == ndevs ? 1 : j == ndefs ? -1 : vpc_pci_addr_cmp(&devs[i].pci, &defs[j]);
		struct check_row *r = add_row(c, &cap);

		if (!r) {
			rc = -1;
			goto out;
		}
		if (cmp <= 0) {
			r->dev = devs[i++];
			j += cmp == 0;
		} else {
			vpc_dev_probe(ctx, &defs[j++], NULL, &r->dev);
			/* A VF that does not exist (yet) cannot drift. */
			if (!r->dev.present) {
				c->n--;
				continue;
			}
		}
		if (vpc_effective(ctx, &all, &r->dev, &r->eff)) {
			r->bad = true;
			c->errors = true;
		}
		judge(&h, r);
		c->ndrift += r->drift;
	}
	/* A /proc we could not fully read may hide a holder: say so. */
	if (h.incomplete)
		vpc_err(NULL, "warning: some processes' open files could not be read; "
			"'open' may show as 'pending'");
out:
	free(defs);
	free(devs);
	vpc_defs_free(&all);
	vpc_holders_free(&h);
	return rc;
}

static void json_field(const char *key, const char *v, bool last)
{
	printf("         \"%s\": ", key);
	if (v)
		vpc_json_string(v, strlen(v));
	else
		fputs("null", stdout);
	fputs(last ? "\n" : ",\n", stdout);
}

static void print_json(const struct check *c)
{
	size_t k = 0;

	printf("{\n   \"devices\": %zu,\n   \"drifted\": %zu,\n   \"errors\": %s,\n"
	       "   \"timestamp\": %lld,\n   \"drift\": [", c->n, c->ndrift,
	       c->errors ? "true" : "false", c->now);
	for (size_t i = 0; i < c->n; i++) {
		const struct check_row *r = &c->rows[i];

		if (!r->drift)
			continue;
		fputs(k++ ? ",{\n" : "\n      {\n", stdout);
		json_field("device", r->dev.addr, false);
		json_field("current", r->dev.has_profiles ? r->dev.current : NULL, false);
		json_field("wanted", r->eff.profile, false);
		json_field("rule", r->eff.rule, false);
		json_field("rule_kind", vpc_rule_kind_json(r->eff.kind), false);
		json_field("reason", r->reason, false);
		json_field("detail", r->detail, false);
		json_field("driver", r->dev.driver[0] ? r->dev.driver : NULL, false);
		json_field("probe", r->dev.has_profiles && r->dev.source[0] ? r->dev.source : NULL,
			   false);
		json_field("since", NULL, true);
		fputs("      }", stdout);
	}
	fputs(k ? "\n   ]\n}\n" : "]\n}\n", stdout);
}

static void print_text(const struct check *c)
{
	bool head = false;

	for (size_t i = 0; i < c->n; i++) {
		const struct check_row *r = &c->rows[i];

		if (!r->drift)
			continue;
		if (!head)
			printf("%-12s %-14s %-14s %-16s %-12s %s\n", "DEVICE", "CURRENT", "WANTED", "RULE",
			       "REASON", "DETAIL");
		head = true;
		printf("%-12s %-14s %-14s %-16s %-12s %s\n", r->dev.addr,
		       r->dev.has_profiles ? r->dev.current : "-", r->eff.profile, r->eff.rule,
		       r->reason, r->detail);
	}
	if (c->ndrift)
		printf("%zu of %zu devices drifted; since: " SINCE_UNKNOWN "\n", c->ndrift, c->n);
	else
		printf("no drift: %zu devices have their defined profile%s\n", c->n,
		       c->errors ? " (but some definitions could not be read)" : "");
}

/* A Prometheus label value: backslash, double quote and newline escaped. */
static void prom_label(FILE *f, const char *name, const char *v, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(f, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

static void prom_write(FILE *f, const struct check *c)
{
	fputs("# HELP vfio_profile_drift Whether the device's current profile differs from its effective definition.\n"
	      "# TYPE vfio_profile_drift gauge\n", f);
	for (size_t i = 0; i < c->n; i++) {
		const struct check_row *r = &c->rows[i];

		if (r->bad || r->eff.kind == VPC_RULE_NONE || r->eff.kind == VPC_RULE_DEFAULT)
			continue;
		fputs("vfio_profile_drift{", f);
		prom_label(f, "device", r->dev.addr, true);
		fprintf(f, "} %d\n", r->drift);
	}
	fputs("# HELP vfio_profile_drift_info Details of a drifted device (always 1).\n"
	      "# TYPE vfio_profile_drift_info gauge\n", f);
	for (size_t i = 0; i < c->n; i++) {
		const struct check_row *r = &c->rows[i];

		if (!r->drift)
			continue;
		fputs("vfio_profile_drift_info{", f);
		prom_label(f, "device", r->dev.addr, true);
		prom_label(f, "current", r->dev.has_profiles ? r->dev.current : "", false);
		prom_label(f, "wanted", r->eff.profile, false);
		prom_label(f, "rule", r->eff.rule, false);
		prom_label(f, "reason", r->reason, false);
		fputs("} 1\n", f);
	}
	fprintf(f, "# HELP vfio_profile_devices Devices checked: bound to a driver with profiles, or named by an exact definition.\n"
		"# TYPE vfio_profile_devices gauge\nvfio_profile_devices %zu\n"
		"# HELP vfio_profile_drifted_devices Devices whose current profile differs from their effective definition.\n"
		"# TYPE vfio_profile_drifted_devices gauge\nvfio_profile_drifted_devices %zu\n"
		"# HELP vfio_profile_check_success Whether every definition could be read.\n"
		"# TYPE vfio_profile_check_success gauge\nvfio_profile_check_success %d\n"
		"# HELP vfio_profile_check_timestamp_seconds When the check ran.\n"
		"# TYPE vfio_profile_check_timestamp_seconds gauge\nvfio_profile_check_timestamp_seconds %lld\n",
		c->n, c->ndrift, !c->errors, c->now);
}

/*
 * The textfile collector may read the file at any moment: write a temp
 * file in the same directory (a dot name without .prom, which the
 * collector ignores) and rename it over the target.
 */
static int write_textfile(const char *path, const struct check *c)
{
	char dir[PATH_MAX], base[PATH_MAX], tmp[PATH_MAX], q[80];
	FILE *f;
	int fd, err = 0;

	if (strlen(path) >= sizeof(dir) || !*path) {
		vpc_err(NULL, "--textfile %s: %s", vpc_quote(path, q, sizeof(q)), strerror(ENAMETOOLONG));
		return -1;
	}
	strcpy(dir, path);
	strcpy(base, path);
	if (vpc_fmt(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dirname(dir), basename(base))) {
		vpc_err(NULL, "--textfile %s: %s", vpc_quote(path, q, sizeof(q)), strerror(ENAMETOOLONG));
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		vpc_err(NULL, "cannot write textfile %s: %s", vpc_quote(path, q, sizeof(q)),
			vpc_write_strerror(errno));
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
	} else {
		prom_write(f, c);
		if (fflush(f) || ferror(f) || fchmod(fd, 0644) || fsync(fd))
			err = errno ? errno : EIO;
		if (fclose(f) && !err)
			err = errno;
	}
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		unlink(tmp);
		vpc_err(NULL, "cannot write textfile %s: %s; previous file kept",
			vpc_quote(path, q, sizeof(q)), vpc_write_strerror(err));
		return -1;
	}
	return 0;
}

int vpc_cmd_check(const struct vpc_ctx *ctx, const char *textfile)
{
	struct check c = { 0 };
	int rc;

	c.now = (long long)time(NULL);
	if (gather(ctx, &c)) {
		free(c.rows);
		return VPC_EXIT_ERROR;
	}
	if (ctx->json)
		print_json(&c);
	else
		print_text(&c);
	rc = c.errors ? VPC_EXIT_ERROR : c.ndrift ? VPC_EXIT_DRIFT : VPC_EXIT_OK;
	if (fflush(stdout) || ferror(stdout)) {
		vpc_err(NULL, "write error on standard output");
		rc = VPC_EXIT_ERROR;
	}
	if (textfile && write_textfile(textfile, &c))
		rc = VPC_EXIT_ERROR;
	free(c.rows);
	return rc;
}
