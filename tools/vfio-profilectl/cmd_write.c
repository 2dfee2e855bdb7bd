// SPDX-License-Identifier: GPL-2.0-only
/*
 * set, define, undefine, apply, sync. The kernel decides every change of
 * profiles/current; these map its errno to one line that names the device
 * and the cause (mdevctl #115: a bare "Invalid argument" helps nobody).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds.h"
#include "configfs.h"
#include "device.h"
#include "inuse.h"
#include "parse.h"
#include "rules.h"
#include "store.h"
#include "util.h"

int vpc_exit_merge(int a, int b)
{
	if (a == VPC_EXIT_ERROR || b == VPC_EXIT_ERROR)
		return VPC_EXIT_ERROR;
	if (a == VPC_EXIT_PARTIAL || b == VPC_EXIT_PARTIAL)
		return VPC_EXIT_PARTIAL;
	if (a == VPC_EXIT_BUSY || b == VPC_EXIT_BUSY)
		return VPC_EXIT_BUSY;
	return a ? a : b;
}

/* What the caller does about a change it could not make. */
enum change_kind {
	CHANGE_SET,	/* set: any failure is an error */
	CHANGE_APPLY,	/* apply: same, worded for a stored definition */
	CHANGE_DEFINE,	/* define: busy/unavailable only defer the change; the
			 * definition is written already, so other failures
			 * are partial */
};

/* "device is open (qemu-system-x86, pid 1234)" from a /proc scan. */
static void describe_holder(const struct vpc_ctx *ctx, const struct vpc_dev *d, char *buf,
			    size_t len)
{
	const struct vpc_holder *first;
	struct vpc_holders h;
	size_t n;

	if (vpc_holders_scan(ctx, &h)) {
		snprintf(buf, len, "device is open");
		return;
	}
	n = vpc_holders_of(&h, d, &first);
	if (n > 1)
		snprintf(buf, len, "device is open (%s, pid %ld; and %zu more)", first->comm,
			 (long)first->pid, n - 1);
	else if (n == 1)
		snprintf(buf, len, "device is open (%s, pid %ld)", first->comm, (long)first->pid);
	else
		snprintf(buf, len, "device is open");
	vpc_holders_free(&h);
}

/*
 * Make name current on d. Returns VPC_EXIT_*; prints errors (and, for
 * define, the notices about deferred changes). *unknown is set when the
 * kernel does not know the name at all (-EINVAL).
 */
static int change_current(const struct vpc_ctx *ctx, const struct vpc_dev *d, const char *name,
			  enum change_kind kind, bool *unknown)
{
	char why[160];
	int err;

	*unknown = false;
	/* Already current: the kernel would accept it too (even while open). */
	if (strcmp(d->current, name) == 0)
		return VPC_EXIT_OK;
	err = vpc_dev_write_current(ctx, d, name);
	switch (err) {
	case 0:
		return VPC_EXIT_OK;
	case EBUSY:
		describe_holder(ctx, d, why, sizeof(why));
		if (kind == CHANGE_DEFINE) {
			vpc_err(d->addr, "%s; defined, current profile stays '%s' until "
				"'" VPC_PROG " apply' after it is closed", why, d->current);
			return VPC_EXIT_OK;
		}
		vpc_err(d->addr, "%s; profile not changed", why);
		return VPC_EXIT_BUSY;
	case EINVAL:
		*unknown = true;
		if (kind == CHANGE_APPLY)
			vpc_err(d->addr, "defined profile '%s' is unknown to the kernel (available: %s)",
				name, d->available);
		else
			vpc_err(d->addr, "unknown profile '%s' (available: %s)%s", name, d->available,
				kind == CHANGE_DEFINE ? "; nothing defined" : "");
		return VPC_EXIT_ERROR;
	case EOPNOTSUPP:
		if (kind == CHANGE_DEFINE) {
			vpc_err(d->addr, "profile '%s' is not available on this device now "
				"(available: %s); defined, current profile stays '%s'",
				name, d->available, d->current);
			return VPC_EXIT_OK;
		}
		vpc_err(d->addr, "%sprofile '%s' is not available on this device (available: %s)%s",
			kind == CHANGE_APPLY ? "defined " : "", name, d->available,
			kind == CHANGE_APPLY ? "; profile not changed" : "");
		return VPC_EXIT_ERROR;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		vpc_err(d->addr, "%scannot write profiles/current: device went away (unbound?)",
			kind == CHANGE_DEFINE ? "defined, but current profile not changed: " : "");
		return kind == CHANGE_DEFINE ? VPC_EXIT_PARTIAL : VPC_EXIT_ERROR;
	default:
		vpc_err(d->addr, "%scannot write profiles/current: %s",
			kind == CHANGE_DEFINE ? "defined, but current profile not changed: " : "",
			vpc_write_strerror(err));
		return kind == CHANGE_DEFINE ? VPC_EXIT_PARTIAL : VPC_EXIT_ERROR;
	}
}

/* Checked before DEV is looked up; the message names DEV as given
 * (canonical when it is a PCI address). */
static int check_name(const char *arg, const char *name)
{
	char q[80], qa[80], addr[VPC_ADDR_LEN];
	struct vpc_spec spec;
	const char *dev = vpc_quote(arg, qa, sizeof(qa));

	if (vpc_name_valid(name))
		return VPC_EXIT_OK;
	if (vpc_spec_parse(arg, &spec) == 0 && spec.kind != VPC_SPEC_PATH) {
		dev = arg;	/* vfioN: validated */
		if (spec.kind == VPC_SPEC_ADDR) {
			vpc_pci_addr_format(&spec.addr, addr);
			dev = addr;
		}
	}
	vpc_err(dev, "invalid profile name %s (%s)", vpc_quote(name, q, sizeof(q)), VPC_NAME_RULE);
	return VPC_EXIT_USAGE;
}

/*
 * Take the writers' lock, then look at the device again: what we read
 * before waiting may be stale (another run changed current meanwhile),
 * and deciding "already current" on a stale read loses updates.
 */
static int lock_or_fail(const struct vpc_ctx *ctx, const char *dev, bool must_write, int *fd,
			struct vpc_dev *d)
{
	*fd = vpc_store_lock(ctx, dev, must_write);
	if (*fd == -1)
		return VPC_EXIT_ERROR;
	/* Holding the lock, every temporary file is a killed writer's. */
	if (*fd >= 0 && must_write)
		vpc_store_clean(ctx, dev);
	if (d) {
		struct vpc_pci_addr a = d->pci;

		vpc_dev_probe(ctx, &a, NULL, d);
	}
	return VPC_EXIT_OK;
}

static void def_of(struct vpc_conf *conf, const char *name)
{
	memset(conf, 0, sizeof(*conf));
	strcpy(conf->profile, name);
}

/*
 * set --persist after current was changed: definition file + configfs
 * policy. A failure here is partial: the message says the live change
 * was made and what was not.
 */
static int persist(const struct vpc_ctx *ctx, const struct vpc_dev *d, const char *name)
{
	char pfx[128];
	struct vpc_conf conf;

	def_of(&conf, name);
	snprintf(pfx, sizeof(pfx), "profile set to %s (live), but not persisted", name);
	if (vpc_store_save(ctx, d->addr, &conf, pfx))
		return VPC_EXIT_PARTIAL;
	snprintf(pfx, sizeof(pfx), "profile set to %s (live) and defined, but configfs policy not set",
		 name);
	if (vpc_cfs_present(ctx) && vpc_cfs_push(ctx, d->addr, name, false, pfx))
		return VPC_EXIT_PARTIAL;
	return VPC_EXIT_OK;
}

int vpc_cmd_set(const struct vpc_ctx *ctx, const char *arg, const char *name, bool persist_it)
{
	struct vpc_dev d;
	bool unknown;
	int rc, lock = -2;

	rc = check_name(arg, name);
	if (!rc)
		rc = vpc_dev_resolve(ctx, arg, &d);
	if (rc)
		return rc;
	if (!d.has_profiles) {
		vpc_dev_explain_no_profiles(&d);
		return VPC_EXIT_ERROR;
	}
	/* Serialise with other writers before anything changes. */
	if (persist_it && (rc = lock_or_fail(ctx, d.addr, true, &lock, &d)))
		return rc;
	if (!d.has_profiles) {	/* unbound while we waited */
		vpc_dev_explain_no_profiles(&d);
		vpc_store_unlock(lock);
		return VPC_EXIT_ERROR;
	}
	rc = change_current(ctx, &d, name, CHANGE_SET, &unknown);
	/* Persist only what the kernel accepted. */
	if (!rc && persist_it)
		rc = persist(ctx, &d, name);
	vpc_store_unlock(lock);
	return rc;
}

/* A selector argument to its key name. Returns VPC_EXIT_*. */
static int selector_key(const char *arg, char key[VPC_KEY_LEN])
{
	struct vpc_key k;
	char q[80];

	if (vpc_key_parse(arg, &k, NULL) || k.kind == VPC_KEY_EXACT) {
		vpc_err(NULL, "invalid selector %s: expected pf-<PCI address of the PF> or "
			"id-<vendor>:<device> (four hex digits each)", vpc_quote(arg, q, sizeof(q)));
		return VPC_EXIT_USAGE;
	}
	vpc_key_format(&k, key);
	return VPC_EXIT_OK;
}

/*
 * define for a selector: like a device's define, applied to every bound
 * device the selector now decides for (an exact definition still beats
 * it, and a PF selector beats an ID selector).
 */
static int define_selector(const struct vpc_ctx *ctx, const char *arg, const char *name)
{
	char key[VPC_KEY_LEN], q[80];
	struct vpc_dev *devs = NULL;
	struct vpc_defs defs;
	struct vpc_conf conf;
	bool kept = false, unknown = false;
	size_t ndevs = 0;
	int rc, lock;

	if ((rc = selector_key(arg, key)))
		return rc;
	if (!vpc_name_valid(name)) {
		vpc_err(key, "invalid profile name %s (%s)", vpc_quote(name, q, sizeof(q)),
			VPC_NAME_RULE);
		return VPC_EXIT_USAGE;
	}
	if ((rc = lock_or_fail(ctx, key, true, &lock, NULL)))
		return rc;
	if (vpc_store_keep(ctx, key, &kept)) {
		rc = VPC_EXIT_ERROR;	/* nothing changed */
		goto out;
	}
	def_of(&conf, name);
	if (vpc_store_save(ctx, key, &conf, NULL)) {
		rc = VPC_EXIT_ERROR;	/* nothing changed */
		goto out;
	}
	if (vpc_dev_enum(ctx, &devs, &ndevs)) {
		rc = VPC_EXIT_PARTIAL;
		vpc_err(key, "defined, but not applied to bound devices");
	}
	vpc_defs_lazy(ctx, &defs);
	for (size_t i = 0; i < ndevs && !unknown; i++) {
		struct vpc_effective e;

		if (vpc_effective(ctx, &defs, &devs[i], &e) || strcmp(e.rule, key) != 0)
			continue;
		rc = vpc_exit_merge(rc, change_current(ctx, &devs[i], name, CHANGE_DEFINE, &unknown));
	}
	vpc_defs_free(&defs);
	free(devs);
	if (!unknown && vpc_cfs_present(ctx)) {
		int err = vpc_cfs_push(ctx, key, name, true, "defined, but configfs policy not set");

		if (err == -EINVAL) {
			vpc_err(key, "unknown profile '%s' (configfs refused it); nothing defined", name);
			unknown = true;
		} else if (err) {
			rc = vpc_exit_merge(rc, VPC_EXIT_PARTIAL);
		}
	}
	if (unknown) {
		rc = VPC_EXIT_ERROR;
		if (vpc_store_restore(ctx, key, kept)) {
			vpc_err(key, "could not undo the definition; remove it with 'undefine'");
			kept = false;
		}
	}
out:
	vpc_store_drop(ctx, key, kept && !unknown);
	vpc_store_unlock(lock);
	return rc;
}

/*
 * define: the previous entry is kept (hard link) before the new file
 * replaces it, so a name the kernel refuses is undone byte for byte
 * (CRLF, comments, even a symlink), and a define that fails before the
 * replacement leaves the file untouched.
 */
int vpc_cmd_define(const struct vpc_ctx *ctx, const char *arg, const char *name)
{
	struct vpc_conf conf;
	struct vpc_dev d;
	bool kept = false, unknown = false;
	int rc, lock;

	if (vpc_key_is_selector(arg))
		return define_selector(ctx, arg, name);
	rc = check_name(arg, name);
	if (!rc)
		rc = vpc_dev_resolve(ctx, arg, &d);
	if (rc)
		return rc;
	if ((rc = lock_or_fail(ctx, d.addr, true, &lock, &d)))
		return rc;
	if (vpc_store_keep(ctx, d.addr, &kept)) {
		rc = VPC_EXIT_ERROR;	/* nothing changed */
		goto out;
	}
	def_of(&conf, name);
	if (vpc_store_save(ctx, d.addr, &conf, NULL)) {
		rc = VPC_EXIT_ERROR;	/* nothing changed */
		goto out;
	}
	if (d.has_profiles)
		rc = change_current(ctx, &d, name, CHANGE_DEFINE, &unknown);
	/*
	 * The policy still matters when current could not be written for
	 * another reason (it is about the next probe); a name the kernel
	 * refused is rolled back below instead.
	 */
	if (!unknown && vpc_cfs_present(ctx)) {
		int err = vpc_cfs_push(ctx, d.addr, name, true,
				       "defined, but configfs policy not set");

		if (err == -EINVAL) {
			vpc_err(d.addr, "unknown profile '%s' (configfs refused it); nothing defined",
				name);
			unknown = true;
			rc = VPC_EXIT_ERROR;
		} else if (err) {
			rc = vpc_exit_merge(rc, VPC_EXIT_PARTIAL);
		}
	}
	/* The kernel does not know the name: put back exactly what was there. */
	if (unknown && vpc_store_restore(ctx, d.addr, kept)) {
		vpc_err(d.addr, "could not undo the definition; remove it with 'undefine'");
		kept = false;	/* leave the copy for inspection until the next run */
	}
out:
	vpc_store_drop(ctx, d.addr, kept && !unknown);
	vpc_store_unlock(lock);
	return rc;
}

int vpc_cmd_undefine(const struct vpc_ctx *ctx, const char *arg)
{
	bool file = false, item = false;
	char key[VPC_KEY_LEN];
	struct vpc_dev d;
	int rc, lock;

	if (vpc_key_is_selector(arg)) {
		if ((rc = selector_key(arg, key)))
			return rc;
	} else if ((rc = vpc_dev_resolve(ctx, arg, &d))) {
		return rc;
	} else {
		strcpy(key, d.addr);
	}
	if ((rc = lock_or_fail(ctx, key, true, &lock, NULL)))
		return rc;
	/* Never touches profiles/current: undefine is about the future. */
	if (vpc_store_remove(ctx, key, &file, NULL))
		rc = VPC_EXIT_ERROR;
	else if (vpc_cfs_present(ctx) &&
		 vpc_cfs_remove(ctx, key, &item,
				file ? "definition removed, but configfs policy not removed" : NULL))
		rc = file ? VPC_EXIT_PARTIAL : VPC_EXIT_ERROR;
	else if (!file && !item) {
		vpc_err(key, "no definition");
		rc = VPC_EXIT_ERROR;
	}
	vpc_store_unlock(lock);
	return rc;
}

/* apply for one device (already resolved/probed). Quiet on success. */
static int apply_one(const struct vpc_ctx *ctx, struct vpc_defs *defs, const struct vpc_dev *d)
{
	struct vpc_effective e;
	bool unknown;

	if (vpc_effective(ctx, defs, d, &e))
		return VPC_EXIT_ERROR;
	/* Nothing defined, or nothing to apply to now: configfs covers probe. */
	if (e.kind == VPC_RULE_NONE || e.kind == VPC_RULE_DEFAULT || !d->has_profiles)
		return VPC_EXIT_OK;
	return change_current(ctx, d, e.profile, CHANGE_APPLY, &unknown);
}

/*
 * Devices apply --all looks at, sorted: every device bound to a driver
 * with profiles (selectors cover those) and every exact definition's
 * device (whatever it is bound to, so that its file is read and checked).
 */
static int apply_all(const struct vpc_ctx *ctx)
{
	struct vpc_pci_addr *defs = NULL;
	struct vpc_dev *devs = NULL, d;
	struct vpc_defs all;
	size_t ndefs = 0, ndevs = 0, i = 0, j = 0;
	int rc = VPC_EXIT_OK;

	if (vpc_defs_list(ctx, &all) || vpc_exact_defs(&all, &defs, &ndefs) ||
	    vpc_dev_enum(ctx, &devs, &ndevs)) {
		rc = VPC_EXIT_ERROR;
		goto out;
	}
	while (i < ndevs || j < ndefs) {
		int c = i == ndevs ? 1 : j == ndefs ? -1 : vpc_pci_addr_cmp(&devs[i].pci, &defs[j]);

		if (c <= 0) {
			d = devs[i++];
			j += c == 0;
		} else {
			vpc_dev_probe(ctx, &defs[j++], NULL, &d);
		}
		rc = vpc_exit_merge(rc, apply_one(ctx, &all, &d));
	}
out:
	free(defs);
	free(devs);
	vpc_defs_free(&all);
	return rc;
}

int vpc_cmd_apply(const struct vpc_ctx *ctx, const char *arg)
{
	struct vpc_defs defs;
	struct vpc_dev d;
	int rc, lock;

	if (arg && (rc = vpc_dev_resolve(ctx, arg, &d)))
		return rc;
	/* Read-only /etc or not root: lock skipped (nobody writes definitions). */
	if ((rc = lock_or_fail(ctx, arg ? d.addr : NULL, false, &lock, arg ? &d : NULL)))
		return rc;
	if (arg) {
		vpc_defs_lazy(ctx, &defs);
		rc = apply_one(ctx, &defs, &d);
		vpc_defs_free(&defs);
	} else {
		rc = apply_all(ctx);
	}
	vpc_store_unlock(lock);
	return rc;
}

int vpc_cmd_sync(const struct vpc_ctx *ctx, int wait_seconds)
{
	struct vpc_key *defs = NULL, *items = NULL;
	size_t ndefs = 0, nitems = 0;
	int rc, lock, tries;

	/*
	 * Run from udev as the module loads, the module's init (which creates
	 * the configfs directory) may still be running: poll for it.
	 */
	for (tries = wait_seconds * 10; !vpc_cfs_present(ctx) && tries > 0; tries--)
		nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	if (!vpc_cfs_present(ctx)) {
		vpc_err(NULL, VPC_CONFIGFS_DIR " not found (is the vfio_profile module loaded "
			"and configfs mounted?)");
		return VPC_EXIT_ERROR;
	}
	if ((rc = lock_or_fail(ctx, NULL, false, &lock, NULL)))
		return rc;
	if (lock >= 0)
		vpc_store_clean(ctx, NULL);
	/* Read everything before changing anything: a definitions directory
	 * that cannot be read (dangling symlink, EACCES) changes nothing. */
	if (vpc_store_list_keys(ctx, &defs, &ndefs) || vpc_cfs_list_keys(ctx, &items, &nitems)) {
		rc = VPC_EXIT_ERROR;
		goto out;
	}
	rc = vpc_sync_keys(ctx, defs, ndefs, items, nitems);
out:
	free(defs);
	free(items);
	vpc_store_unlock(lock);
	return rc;
}

int vpc_sync_keys(const struct vpc_ctx *ctx, const struct vpc_key *defs, size_t ndefs,
		  const struct vpc_key *items, size_t nitems)
{
	int rc = VPC_EXIT_OK;

	for (size_t i = 0; i < ndefs; i++) {
		char key[VPC_KEY_LEN];
		struct vpc_conf conf;
		bool found;

		vpc_key_format(&defs[i], key);
		/* A corrupt file keeps its item as it is: we do not know better. */
		if (vpc_store_load(ctx, key, &conf, &found)) {
			rc = VPC_EXIT_ERROR;
			continue;
		}
		if (found && vpc_cfs_push(ctx, key, conf.profile, false, NULL))
			rc = VPC_EXIT_ERROR;
	}
	for (size_t i = 0; i < nitems; i++) {
		char key[VPC_KEY_LEN];
		bool defined = false, gone;

		for (size_t j = 0; j < ndefs && !defined; j++)
			defined = vpc_key_cmp(&items[i], &defs[j]) == 0;
		if (defined)
			continue;
		vpc_key_format(&items[i], key);
		if (vpc_cfs_remove(ctx, key, &gone, NULL))
			rc = VPC_EXIT_ERROR;
	}
	return rc;
}

int vpc_apply_defined(const struct vpc_ctx *ctx)
{
	struct vpc_dev *devs = NULL;
	struct vpc_defs all;
	size_t ndevs = 0;
	int rc = VPC_EXIT_OK;

	if (vpc_defs_list(ctx, &all) || vpc_dev_enum(ctx, &devs, &ndevs)) {
		vpc_defs_free(&all);
		return VPC_EXIT_PARTIAL;
	}
	for (size_t i = 0; i < ndevs; i++) {
		struct vpc_effective e;
		bool unknown;

		if (vpc_effective(ctx, &all, &devs[i], &e)) {
			rc = vpc_exit_merge(rc, VPC_EXIT_PARTIAL);
			continue;
		}
		if (e.kind == VPC_RULE_NONE || e.kind == VPC_RULE_DEFAULT)
			continue;
		/* Busy and unavailable devices get their profile later (notice). */
		rc = vpc_exit_merge(rc, change_current(ctx, &devs[i], e.profile, CHANGE_DEFINE,
						       &unknown));
	}
	free(devs);
	vpc_defs_free(&all);
	return rc;
}

int vpc_lock_for_write(const struct vpc_ctx *ctx, int *fd)
{
	return lock_or_fail(ctx, NULL, true, fd, NULL);
}
