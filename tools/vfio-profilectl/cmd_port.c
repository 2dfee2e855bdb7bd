// SPDX-License-Identifier: GPL-2.0-only
/*
 * export and import: the whole set of definitions as one JSON document
 * (defset.h), so that a configuration manager ships one file per node
 * role. import replaces the set atomically (swap.c), is idempotent (the
 * same set again changes nothing and says so) and changes nothing when
 * any entry is invalid.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "configfs.h"
#include "defset.h"
#include "rules.h"
#include "store.h"
#include "util.h"

/*
 * The definitions on disk as a set. Returns 0, or -1 after printing
 * each file that cannot be used (when strict; else such files are left
 * out, and *complete is false).
 */
static int current_set(const struct vpc_ctx *ctx, struct vpc_defset *set, bool *complete)
{
	struct vpc_defs all;
	size_t n = 0;

	memset(set, 0, sizeof(*set));
	*complete = true;
	if (vpc_defs_list(ctx, &all))
		return -1;
	set->v = calloc(all.n + 1, sizeof(*set->v));
	if (!set->v) {
		vpc_err(NULL, "out of memory");
		vpc_defs_free(&all);
		return -1;
	}
	for (size_t i = 0; i < all.n; i++) {
		const char *profile;
		int r = vpc_defs_get(ctx, &all, all.v[i].name, &profile);

		if (r < 0)
			*complete = false;
		if (r <= 0)
			continue;
		vpc_key_parse(all.v[i].name, &set->v[n].key, NULL);
		strcpy(set->v[n].name, all.v[i].name);
		strcpy(set->v[n].profile, profile);
		n++;
	}
	set->n = n;
	vpc_defs_free(&all);
	return 0;
}

int vpc_cmd_export(const struct vpc_ctx *ctx)
{
	struct vpc_defset set;
	bool complete;

	/* All or nothing: a partial export would drop definitions on import. */
	if (current_set(ctx, &set, &complete))
		return VPC_EXIT_ERROR;
	if (!complete) {
		vpc_err(NULL, "nothing exported: fix or remove the definitions above");
		vpc_defset_free(&set);
		return VPC_EXIT_ERROR;
	}
	vpc_defset_print(stdout, &set);
	vpc_defset_free(&set);
	if (fflush(stdout) || ferror(stdout)) {
		vpc_err(NULL, "write error on standard output");
		return VPC_EXIT_ERROR;
	}
	return VPC_EXIT_OK;
}

/* The whole file, at most VPC_DEFSET_FILE_MAX + 1 bytes ("-": stdin). */
static int read_input(const char *file, char **buf, size_t *len)
{
	char q[80];
	size_t cap = VPC_DEFSET_FILE_MAX + 2;
	struct stat st;
	int fd;

	*len = 0;
	*buf = NULL;
	if (strcmp(file, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			vpc_err(NULL, "%s: %s; nothing changed", vpc_quote(file, q, sizeof(q)),
				strerror(errno));
			return -1;
		}
		if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			vpc_err(NULL, "%s: not a regular file; nothing changed",
				vpc_quote(file, q, sizeof(q)));
			close(fd);
			return -1;
		}
	}
	*buf = malloc(cap);
	if (!*buf) {
		vpc_err(NULL, "out of memory");
		if (fd != STDIN_FILENO)
			close(fd);
		return -1;
	}
	/* One byte more than allowed, so the parser can say "too large". */
	while (*len < cap - 1) {
		ssize_t r = read(fd, *buf + *len, cap - 1 - *len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			vpc_err(NULL, "%s: read error: %s; nothing changed",
				vpc_quote(file, q, sizeof(q)), strerror(errno));
			free(*buf);
			*buf = NULL;
			if (fd != STDIN_FILENO)
				close(fd);
			return -1;
		}
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
}

/* "2 added, 1 changed, 3 removed" between two sorted sets. */
static void diff_counts(const struct vpc_defset *old, const struct vpc_defset *new, size_t *added,
			size_t *changed, size_t *removed)
{
	size_t i = 0, j = 0;

	*added = *changed = *removed = 0;
	while (i < old->n || j < new->n) {
		int c = i == old->n ? 1 : j == new->n ? -1 : vpc_key_cmp(&old->v[i].key, &new->v[j].key);

		if (c < 0) {
			(*removed)++;
			i++;
		} else if (c > 0) {
			(*added)++;
			j++;
		} else {
			*changed += strcmp(old->v[i].profile, new->v[j].profile) != 0;
			i++;
			j++;
		}
	}
}

/* configfs items to match the new set. Returns VPC_EXIT_OK or _PARTIAL. */
static int push_policy(const struct vpc_ctx *ctx, const struct vpc_defset *set)
{
	struct vpc_key *keys, *items = NULL;
	size_t nitems = 0;
	int rc;

	if (!vpc_cfs_present(ctx))
		return VPC_EXIT_OK;	/* module not loaded: sync does it when it is */
	keys = calloc(set->n + 1, sizeof(*keys));
	if (!keys) {
		vpc_err(NULL, "out of memory");
		return VPC_EXIT_PARTIAL;
	}
	for (size_t i = 0; i < set->n; i++)
		keys[i] = set->v[i].key;
	rc = vpc_cfs_list_keys(ctx, &items, &nitems) ? VPC_EXIT_ERROR :
	     vpc_sync_keys(ctx, keys, set->n, items, nitems);
	free(keys);
	free(items);
	return rc == VPC_EXIT_OK ? VPC_EXIT_OK : VPC_EXIT_PARTIAL;
}

int vpc_cmd_import(const struct vpc_ctx *ctx, const char *file)
{
	struct vpc_defset set, old;
	struct vpc_defset_err perr;
	size_t len, added, changed, removed;
	char *buf, q[80];
	bool complete;
	int rc, lock;

	if (read_input(file, &buf, &len))
		return VPC_EXIT_ERROR;
	rc = vpc_defset_parse(buf, len, &set, &perr);
	free(buf);
	if (rc) {
		vpc_err(NULL, "%s: %s; nothing changed", vpc_quote(file, q, sizeof(q)), perr.msg);
		return VPC_EXIT_ERROR;
	}
	if ((rc = vpc_lock_for_write(ctx, &lock))) {
		vpc_defset_free(&set);
		return rc;
	}
	if (current_set(ctx, &old, &complete)) {
		rc = VPC_EXIT_ERROR;
		goto out;
	}
	/* A file that cannot be used is replaced, so the sets differ then. */
	if (complete && vpc_defset_equal(&old, &set)) {
		printf("no change: the %zu definitions of %s are already in place\n", set.n,
		       vpc_quote(file, q, sizeof(q)));
		goto out_old;
	}
	diff_counts(&old, &set, &added, &changed, &removed);
	if (vpc_store_replace(ctx, &set)) {
		rc = VPC_EXIT_ERROR;
		goto out_old;
	}
	printf("imported %zu definitions from %s: %zu added, %zu changed, %zu removed\n", set.n,
	       vpc_quote(file, q, sizeof(q)), added, changed, removed);
	rc = push_policy(ctx, &set);
	if (rc)
		vpc_err(NULL, "definitions imported, but the configfs policy does not match them "
			"(see above; 'vfio-profilectl sync' retries)");
	rc = vpc_exit_merge(rc, vpc_apply_defined(ctx));
out_old:
	vpc_defset_free(&old);
out:
	vpc_defset_free(&set);
	vpc_store_unlock(lock);
	if (fflush(stdout) || ferror(stdout)) {
		vpc_err(NULL, "write error on standard output");
		rc = vpc_exit_merge(rc, VPC_EXIT_ERROR);
	}
	return rc;
}
