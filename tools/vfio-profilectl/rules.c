// SPDX-License-Identifier: GPL-2.0-only
/* Effective definitions and their precedence; see rules.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "store.h"
#include "util.h"

enum { DEF_UNLOADED, DEF_OK, DEF_BAD, DEF_ABSENT };

static void read_default(const struct vpc_ctx *ctx, struct vpc_defs *defs)
{
	char p[PATH_MAX], buf[VPC_ATTR_MAX];

	defs->default_profile[0] = '\0';
	/* Only a valid name counts; the module refuses to load with another. */
	if (vpc_path(ctx, p, sizeof(p), "/sys/module/vfio_profile/parameters/default_profile") == 0 &&
	    vpc_read_line(p, buf, sizeof(buf)) == 0 && vpc_name_valid(buf))
		strcpy(defs->default_profile, buf);
}

static struct vpc_def *add(struct vpc_defs *defs, const char *name, int state)
{
	struct vpc_def *nv = vpc_grow(defs->v, &defs->cap, defs->n, sizeof(*nv), 16);

	if (!nv)
		return NULL;
	defs->v = nv;
	nv = &defs->v[defs->n++];
	memset(nv, 0, sizeof(*nv));
	snprintf(nv->name, sizeof(nv->name), "%s", name);
	nv->state = state;
	return nv;
}

int vpc_defs_list(const struct vpc_ctx *ctx, struct vpc_defs *defs)
{
	struct vpc_key *keys;
	size_t n;

	memset(defs, 0, sizeof(*defs));
	defs->listed = true;
	read_default(ctx, defs);
	if (vpc_store_list_keys(ctx, &keys, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char name[VPC_KEY_LEN];

		vpc_key_format(&keys[i], name);
		if (!add(defs, name, DEF_UNLOADED)) {
			free(keys);
			return -1;
		}
	}
	free(keys);
	return 0;
}

void vpc_defs_lazy(const struct vpc_ctx *ctx, struct vpc_defs *defs)
{
	memset(defs, 0, sizeof(*defs));
	read_default(ctx, defs);
}

void vpc_defs_free(struct vpc_defs *defs)
{
	free(defs->v);
	defs->v = NULL;
	defs->n = defs->cap = 0;
}

int vpc_exact_defs(const struct vpc_defs *defs, struct vpc_pci_addr **addrs, size_t *n)
{
	size_t cnt = 0;

	/* Listed in vpc_key_cmp() order: exact keys first, by address. */
	*addrs = calloc(defs->n + 1, sizeof(**addrs));
	if (!*addrs) {
		vpc_err(NULL, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < defs->n; i++) {
		struct vpc_key k;

		if (vpc_key_parse(defs->v[i].name, &k, NULL) == 0 && k.kind == VPC_KEY_EXACT)
			(*addrs)[cnt++] = k.addr;
	}
	*n = cnt;
	return 0;
}

int vpc_defs_get(const struct vpc_ctx *ctx, struct vpc_defs *defs, const char *name,
		 const char **profile)
{
	struct vpc_def *d = NULL;
	struct vpc_conf conf;
	bool found;

	for (size_t i = 0; i < defs->n && !d; i++)
		if (strcmp(defs->v[i].name, name) == 0)
			d = &defs->v[i];
	if (!d) {
		if (defs->listed)
			return 0;
		d = add(defs, name, DEF_UNLOADED);
		if (!d)
			return -1;
	}
	if (d->state == DEF_UNLOADED) {
		if (vpc_store_load(ctx, name, &conf, &found))
			d->state = DEF_BAD;
		else if (!found)
			d->state = DEF_ABSENT;	/* removed since it was listed */
		else {
			d->state = DEF_OK;
			strcpy(d->profile, conf.profile);
		}
	}
	if (d->state == DEF_BAD)
		return -1;
	if (d->state == DEF_ABSENT)
		return 0;
	*profile = d->profile;
	return 1;
}

/* Try one rule: 1 decided (e filled), 0 not defined, -1 bad file. */
static int try_rule(const struct vpc_ctx *ctx, struct vpc_defs *defs, enum vpc_rule_kind kind,
		    const char *name, struct vpc_effective *e)
{
	const char *profile;
	int r = vpc_defs_get(ctx, defs, name, &profile);

	if (r == 0)
		return 0;
	e->kind = kind;
	snprintf(e->rule, sizeof(e->rule), "%s", name);
	if (r > 0)
		strcpy(e->profile, profile);
	return r;
}

int vpc_effective(const struct vpc_ctx *ctx, struct vpc_defs *defs, const struct vpc_dev *d,
		  struct vpc_effective *e)
{
	char name[VPC_KEY_LEN];
	int r;

	memset(e, 0, sizeof(*e));
	r = try_rule(ctx, defs, VPC_RULE_EXACT, d->addr, e);
	if (!r && d->pf[0]) {
		snprintf(name, sizeof(name), "pf-%s", d->pf);
		r = try_rule(ctx, defs, VPC_RULE_PF, name, e);
	}
	if (!r && d->id[0]) {
		snprintf(name, sizeof(name), "id-%s", d->id);
		r = try_rule(ctx, defs, VPC_RULE_ID, name, e);
	}
	if (r < 0)
		return -1;
	/* The module parameter only applies to devices bound to our drivers. */
	if (!r && defs->default_profile[0] && d->has_profiles) {
		e->kind = VPC_RULE_DEFAULT;
		strcpy(e->rule, "default_profile");
		strcpy(e->profile, defs->default_profile);
	}
	return 0;
}

const char *vpc_rule_kind_json(enum vpc_rule_kind kind)
{
	switch (kind) {
	case VPC_RULE_EXACT:
		return "exact";
	case VPC_RULE_PF:
		return "pf";
	case VPC_RULE_ID:
		return "id";
	case VPC_RULE_DEFAULT:
		return "default_profile";
	case VPC_RULE_NONE:
		break;
	}
	return NULL;
}

void vpc_rule_why(const struct vpc_effective *e, const struct vpc_dev *d, char *buf, size_t len)
{
	switch (e->kind) {
	case VPC_RULE_EXACT:
		snprintf(buf, len, "exact address definition (beats any selector)");
		break;
	case VPC_RULE_PF:
		snprintf(buf, len, "PF selector: every VF of %s (no exact definition)", d->pf);
		break;
	case VPC_RULE_ID:
		snprintf(buf, len, "ID selector: every %s device (no exact or PF definition)", d->id);
		break;
	case VPC_RULE_DEFAULT:
		snprintf(buf, len, "module parameter default_profile (no definition)");
		break;
	case VPC_RULE_NONE:
		snprintf(buf, len, "no definition");
		break;
	}
}
