// SPDX-License-Identifier: GPL-2.0-only
/* Tables (libsmartcols) and JSON for list/show; see output.h. */
#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "util.h"

/* Field order is the JSON key order; the schema is documented, keep it. */
enum field {
	F_DEVICE, F_VFIO, F_DRIVER, F_GROUP, F_AVAILABLE, F_CURRENT,
	F_DEFINED, F_POLICY, F_INUSE, F_HOLDERS, F_PID, F_COMM, F_RULE, F_RULE_KIND, F_PROBE,
	F_NFIELDS
};

/* JSON value types; a cell without text is null whatever the type. */
enum json_type {
	J_STRING,	/* an empty string is null too */
	J_NUMBER,
	J_BOOL,		/* cell text "1" or "0" */
	J_LIST,		/* space-separated words as an array of strings */
};

struct field_desc {
	const char *json;	/* JSON key */
	const char *title;	/* table heading */
	enum json_type json_type;
	bool in_list_table;	/* column of the human "list" table */
	double whint;
};

static const struct field_desc fields[F_NFIELDS] = {
	[F_DEVICE]    = { "device",      "DEVICE",      J_STRING,  true,  12 },
	[F_VFIO]      = { "vfio_dev",    "VFIO-DEV",    J_STRING,  true,  6 },
	[F_DRIVER]    = { "driver",      "DRIVER",      J_STRING,  true,  10 },
	[F_GROUP]     = { "iommu_group", "IOMMU-GROUP", J_NUMBER,  false, 4 },
	[F_AVAILABLE] = { "available",   "AVAILABLE",   J_LIST,    true,  20 },
	[F_CURRENT]   = { "current",     "CURRENT",     J_STRING,  true,  8 },
	[F_DEFINED]   = { "defined",     "DEFINED",     J_STRING,  true,  8 },
	[F_RULE]      = { "rule",        "RULE",        J_STRING,  true,  12 },
	[F_RULE_KIND] = { "rule_kind",   "RULE-KIND",   J_STRING,  false, 8 },
	[F_POLICY]    = { "policy",      "POLICY",      J_STRING,  false, 8 },
	[F_PROBE]     = { "probe",       "PROBE",       J_STRING,  false, 16 },
	[F_INUSE]     = { "in_use",      "IN-USE",      J_BOOL,    true,  10 },
	[F_HOLDERS]   = { "holders",     "HOLDERS",     J_NUMBER,  false, 3 },
	[F_PID]       = { "holder_pid",  "HOLDER-PID",  J_NUMBER,  false, 6 },
	[F_COMM]      = { "holder_comm", "HOLDER-COMM", J_STRING,  false, 10 },
};

/* Cell text; NULL means absent (JSON null, "-" in tables). */
static void cell(const struct vpc_row *r, enum field f, bool json, char *buf, size_t len,
		 const char **out)
{
	const struct vpc_dev *d = &r->dev;

	*out = NULL;
	switch (f) {
	case F_DEVICE:
		*out = d->addr;
		break;
	case F_VFIO:
		*out = d->vfio[0] ? d->vfio : NULL;
		break;
	case F_DRIVER:
		*out = d->driver[0] ? d->driver : NULL;
		break;
	case F_GROUP:
		if (d->iommu_group >= 0) {
			snprintf(buf, len, "%ld", d->iommu_group);
			*out = buf;
		}
		break;
	case F_AVAILABLE:
		*out = d->has_profiles ? d->available : NULL;
		break;
	case F_CURRENT:
		*out = d->has_profiles ? d->current : NULL;
		break;
	case F_DEFINED:
		*out = r->defined ? r->defined_profile : NULL;
		break;
	case F_RULE:
		/* show adds why it applies (vpc_out_show) */
		*out = r->eff.rule[0] ? r->eff.rule : NULL;
		break;
	case F_RULE_KIND:
		*out = vpc_rule_kind_json(r->eff.kind);
		break;
	case F_POLICY:
		*out = r->has_policy ? r->policy : NULL;
		break;
	case F_PROBE:
		*out = d->has_profiles && d->source[0] ? d->source : NULL;
		break;
	case F_INUSE:
		/* Unknown (device absent, /proc unreadable): null / "?". */
		if (!d->present)
			break;
		if (json) {
			/* libsmartcols reads "1"/"0" for JSON booleans. */
			if (r->nholders)
				*out = "1";
			else if (!r->holders_incomplete)
				*out = "0";
		} else if (r->nholders > 1) {
			snprintf(buf, len, "%s[%ld] +%zu", r->holder->comm, (long)r->holder->pid,
				 r->nholders - 1);
			*out = buf;
		} else if (r->nholders) {
			snprintf(buf, len, "%s[%ld]", r->holder->comm, (long)r->holder->pid);
			*out = buf;
		} else {
			*out = r->holders_incomplete ? "?" : "no";
		}
		break;
	case F_HOLDERS:
		if (d->present && (r->nholders || !r->holders_incomplete)) {
			snprintf(buf, len, "%zu", r->nholders);
			*out = buf;
		}
		break;
	case F_PID:
		if (r->holder) {
			snprintf(buf, len, "%ld", (long)r->holder->pid);
			*out = buf;
		}
		break;
	case F_COMM:
		*out = r->holder ? r->holder->comm : NULL;
		break;
	case F_NFIELDS:
		break;
	}
}

static struct libscols_table *new_table(const struct vpc_ctx *ctx)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	if (ctx->noheadings)
		scols_table_enable_noheadings(tb, 1);
	return tb;
}

static int add_line(struct libscols_table *tb, const struct vpc_row *r, const enum field *cols,
		    size_t ncols)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[VPC_ATTR_MAX];
	const char *v;

	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < ncols; i++) {
		cell(r, cols[i], false, buf, sizeof(buf), &v);
		/* set_data copies: buf is reused for the next cell. */
		if (scols_line_set_data(ln, i, v ? v : "-"))
			return -ENOMEM;
	}
	return 0;
}

static int flush_stdout(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		vpc_err(NULL, "write error on standard output");
		return -1;
	}
	return 0;
}

static int print_and_free(struct libscols_table *tb, int rc)
{
	if (!rc && scols_print_table(tb))
		rc = -EIO;
	scols_unref_table(tb);
	if (rc) {
		vpc_err(NULL, "cannot print: %s", strerror(-rc));
		return -1;
	}
	return flush_stdout();
}

/*
 * JSON is written here, in libsmartcols' layout, rather than by
 * libsmartcols: its arrays (2.38) can be neither empty nor null, and
 * "available" is a list.  Values were sanitized to printable ASCII when
 * read (vpc_sanitize); this stays valid JSON (and UTF-8) even if one was
 * not.
 */
void vpc_json_string(const char *s, size_t len)
{
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else if (c >= 0x7f)
			putchar('?');
		else
			putchar(c);
	}
	putchar('"');
}

static void json_value(enum json_type type, const char *v)
{
	const char *w;
	size_t len;
	bool first = true;

	if (!v || (type == J_STRING && !*v)) {
		fputs("null", stdout);
		return;
	}
	switch (type) {
	case J_STRING:
		vpc_json_string(v, strlen(v));
		break;
	case J_NUMBER:
		fputs(v, stdout);
		break;
	case J_BOOL:
		fputs(strcmp(v, "1") ? "false" : "true", stdout);
		break;
	case J_LIST:
		putchar('[');
		for (w = v; *w; w += len) {
			w += strspn(w, " ");
			len = strcspn(w, " ");
			if (!len)
				break;
			if (!first)
				fputs(", ", stdout);
			vpc_json_string(w, len);
			first = false;
		}
		putchar(']');
		break;
	}
}

static int print_json(const struct vpc_row *rows, size_t n)
{
	char buf[VPC_ATTR_MAX];
	const char *v;

	fputs("{\n   \"devices\": [", stdout);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? "},{\n" : "\n      {\n", stdout);
		for (int f = 0; f < F_NFIELDS; f++) {
			cell(&rows[i], (enum field)f, true, buf, sizeof(buf), &v);
			printf("         \"%s\": ", fields[f].json);
			json_value(fields[f].json_type, v);
			fputs(f + 1 < F_NFIELDS ? ",\n" : "\n      ", stdout);
		}
	}
	fputs(n ? "}\n   ]\n}\n" : "\n   ]\n}\n", stdout);
	return flush_stdout();
}

int vpc_out_list(const struct vpc_ctx *ctx, const struct vpc_row *rows, size_t n)
{
	struct libscols_table *tb;
	enum field cols[F_NFIELDS];
	size_t ncols = 0;
	int rc = 0;

	if (ctx->json)
		return print_json(rows, n);
	tb = new_table(ctx);
	if (!tb) {
		vpc_err(NULL, "out of memory");
		return -1;
	}
	for (int f = 0; f < F_NFIELDS; f++) {
		if (!fields[f].in_list_table)
			continue;
		if (!scols_table_new_column(tb, fields[f].title, fields[f].whint, 0)) {
			rc = -ENOMEM;
			break;
		}
		cols[ncols++] = (enum field)f;
	}
	for (size_t i = 0; !rc && i < n; i++)
		rc = add_line(tb, &rows[i], cols, ncols);
	return print_and_free(tb, rc);
}

int vpc_out_show(const struct vpc_ctx *ctx, const struct vpc_row *row)
{
	struct libscols_table *tb;
	struct libscols_column *k, *v;
	char buf[VPC_ATTR_MAX];
	const char *val;
	int rc = 0;

	if (ctx->json)
		return vpc_out_list(ctx, row, 1);	/* same schema, one element */
	tb = new_table(ctx);
	if (!tb) {
		vpc_err(NULL, "out of memory");
		return -1;
	}
	/* Key/value lines read better than one very wide row. */
	scols_table_enable_noheadings(tb, 1);
	k = scols_table_new_column(tb, "FIELD", 0, 0);
	v = scols_table_new_column(tb, "VALUE", 0, 0);
	if (!k || !v)
		rc = -ENOMEM;
	for (int f = 0; !rc && f < F_NFIELDS; f++) {
		struct libscols_line *ln;

		char why[160];

		/* Holder details are folded into IN-USE, the rule's kind into RULE. */
		if (f == F_HOLDERS || f == F_PID || f == F_COMM || f == F_RULE_KIND)
			continue;
		ln = scols_table_new_line(tb, NULL);
		cell(row, (enum field)f, false, buf, sizeof(buf), &val);
		if (f == F_RULE) {
			char what[96];

			vpc_rule_why(&row->eff, &row->dev, what, sizeof(what));
			snprintf(why, sizeof(why), "%s%s%s%s", row->eff.rule,
				 row->eff.rule[0] ? " (" : "", what, row->eff.rule[0] ? ")" : "");
			val = why;
		}
		if (!ln || scols_line_set_data(ln, 0, fields[f].title) ||
		    scols_line_set_data(ln, 1, val ? val : "-"))
			rc = -ENOMEM;
	}
	return print_and_free(tb, rc);
}
