// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-profilectl: select the profile of VFIO devices whose driver uses
 * the vfio-profile core, persist the choice, and push it to configfs.
 *
 * main() only parses the command line and builds the context; each verb
 * lives in cmd_read.c / cmd_write.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "util.h"

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " " VPC_PROG " [options] <command> [<args>]\n"
	      "\n"
	      "Select the profile of VFIO devices whose driver uses the vfio-profile core.\n"
	      "\n"
	      "Commands:\n"
	      " list                        list devices with profiles, and definitions\n"
	      " show DEV                    show one device\n"
	      " set DEV PROFILE [--persist] change the profile now (and define it)\n"
	      " define DEV PROFILE          persist a profile, push it to configfs and\n"
	      "                               apply it if the device is bound and closed\n"
	      " undefine DEV                remove the definition and the configfs policy\n"
	      " apply [DEV|--all]           apply definitions to bound, closed devices\n"
	      " sync [--wait[=SECS]]        make configfs policies match the definitions\n"
	      " check [--textfile FILE]     does every device have its defined profile?\n"
	      "                               (exit 5 when not; FILE: Prometheus textfile)\n"
	      " export                      every definition as JSON\n"
	      " import FILE                 replace every definition by FILE's, atomically\n"
	      "\n"
	      "DEV is a PCI address (0000:01:00.0 or 01:00.0), vfioN, or the /sys path\n"
	      "of the PCI device or of its vfio-dev device. define and undefine also take\n"
	      "selectors: pf-ADDRESS (every VF of that PF) and id-VVVV:DDDD (every device\n"
	      "with that vendor:device ID). An exact address beats a PF selector, which\n"
	      "beats an ID selector, which beats the module's default_profile.\n"
	      "\n"
	      "Options:\n"
	      " -J, --json          use JSON output (list, show, check, export)\n"
	      " -n, --noheadings    do not print table headings (list)\n"
	      " -p, --persist       set: also define the profile\n"
	      " -a, --all           apply: every defined device\n"
	      "     --wait[=SECS]   sync: wait up to SECS (10) for the configfs policy\n"
	      "                       directory to appear (when run as the module loads)\n"
	      "     --textfile FILE check: also write FILE for node_exporter's textfile\n"
	      "                       collector (atomically: temp file and rename)\n"
	      "     --root DIR      work on the tree below DIR (or $VFIO_PROFILECTL_ROOT)\n"
	      " -h, --help          display this help\n"
	      " -V, --version       display version\n"
	      "\n"
	      "Exit status: 0 success, 1 failure, 2 usage error, 3 device in use,\n"
	      "4 partial success (the message says what was changed), 5 drift (check).\n"
	      "For more details see " VPC_PROG "(8).\n", out);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vpc_err(NULL, "%s (see '" VPC_PROG " --help')", msg);
	return VPC_EXIT_USAGE;
}

/*
 * root: NULL for "/"; what: "--root" or "VFIO_PROFILECTL_ROOT". An empty
 * root is a usage error: treating it as "/" would let a script whose
 * variable is unset act on the real system. Returns VPC_EXIT_*.
 */
static int set_root(struct vpc_ctx *ctx, const char *root, const char *what)
{
	char q[80], real[PATH_MAX];

	ctx->root[0] = '\0';
	if (!root)
		return VPC_EXIT_OK;
	if (!*root)
		return usage_error("%s is empty (give a directory, / for the real root)", what);
	if (strnlen(root, PATH_MAX) >= PATH_MAX)
		return usage_error("%s %s: %s", what, vpc_quote(root, q, sizeof(q)),
				   strerror(ENAMETOOLONG));
	if (!realpath(root, real)) {
		vpc_err(NULL, "root directory %s: %s", vpc_quote(root, q, sizeof(q)), strerror(errno));
		return VPC_EXIT_ERROR;
	}
	if (strlen(real) > VPC_ROOT_MAX)
		return usage_error("%s %s: %s (at most %d bytes after resolving)", what,
				   vpc_quote(root, q, sizeof(q)), strerror(ENAMETOOLONG), VPC_ROOT_MAX);
	/* "/" is the real root: no prefix, so paths stay short. */
	if (strcmp(real, "/") != 0)
		strcpy(ctx->root, real);
	return VPC_EXIT_OK;
}

/* VFIO_PROFILECTL_LOCK_TIMEOUT: whole seconds, 0 to 600; default 30. */
static int set_lock_timeout(struct vpc_ctx *ctx)
{
	const char *s = getenv("VFIO_PROFILECTL_LOCK_TIMEOUT");
	char q[80], *end;
	long v;

	/* Generous: 20 concurrent runs take well under a second. */
	ctx->lock_timeout_ms = 30000;
	if (!s)
		return VPC_EXIT_OK;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || end == s || errno || v < 0 || v > 600)
		return usage_error("VFIO_PROFILECTL_LOCK_TIMEOUT takes whole seconds from 0 to 600, not %s",
				   vpc_quote(s, q, sizeof(q)));
	ctx->lock_timeout_ms = (unsigned int)v * 1000;
	return VPC_EXIT_OK;
}

enum { OPT_ROOT = 256, OPT_WAIT, OPT_TEXTFILE };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "persist", no_argument, NULL, 'p' },
		{ "all", no_argument, NULL, 'a' },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "wait", optional_argument, NULL, OPT_WAIT },
		{ "textfile", required_argument, NULL, OPT_TEXTFILE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct vpc_ctx ctx;
	struct vpc_opts opts = { 0 };
	const char *root = getenv("VFIO_PROFILECTL_ROOT");
	const char *root_from = "VFIO_PROFILECTL_ROOT";
	const char *verb;
	char **args;
	int c, nargs, rc;
	bool reads;

	char qbuf[80];

	/* Quote untrusted text for a message (one at a time). */
#define Q(s) vpc_quote((s), qbuf, sizeof(qbuf))
	memset(&ctx, 0, sizeof(ctx));
	opterr = 0;	/* our own one-line messages */
	while ((c = getopt_long(argc, argv, ":JnpahV", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			ctx.json = true;
			break;
		case 'n':
			ctx.noheadings = true;
			break;
		case 'p':
			opts.persist = true;
			break;
		case 'a':
			opts.all = true;
			break;
		case OPT_ROOT:
			root = optarg;
			root_from = "--root";
			break;
		case OPT_WAIT: {
			char *end;
			long v = optarg ? strtol(optarg, &end, 10) : 10;

			if (optarg && (*end || end == optarg || v < 0 || v > 600))
				return usage_error("--wait takes whole seconds from 0 to 600, not %s",
						   Q(optarg));
			opts.wait = v;
			opts.wait_set = true;
			break;
		}
		case OPT_TEXTFILE:
			if (!*optarg)
				return usage_error("--textfile is empty (give a file name)");
			opts.textfile = optarg;
			break;
		case 'h':
			usage(stdout);
			return fflush(stdout) ? VPC_EXIT_ERROR : VPC_EXIT_OK;
		case 'V':
			printf("%s %s\n", VPC_PROG, VPC_VERSION);
			return fflush(stdout) ? VPC_EXIT_ERROR : VPC_EXIT_OK;
		case ':':
			return usage_error("option %s needs an argument", Q(argv[optind - 1]));
		default: {
			char opt[3] = { '-', (char)optopt, '\0' };

			/* optopt is set for short options only. */
			return usage_error("unknown option %s", Q(optopt ? opt : argv[optind - 1]));
		}
		}
	}
	if (optind >= argc)
		return usage_error("no command given");
	verb = argv[optind];
	args = argv + optind + 1;
	nargs = argc - optind - 1;
	reads = !strcmp(verb, "list") || !strcmp(verb, "show");

	if (ctx.json && !reads && strcmp(verb, "check") && strcmp(verb, "export"))
		return usage_error("--json only goes with list, show, check and export, not %s", Q(verb));
	if (ctx.noheadings && !reads)
		return usage_error("--noheadings only goes with list and show, not %s", Q(verb));
	if (opts.textfile && strcmp(verb, "check"))
		return usage_error("--textfile only goes with check, not %s", Q(verb));
	if (opts.persist && strcmp(verb, "set"))
		return usage_error("--persist only goes with set, not %s", Q(verb));
	if (opts.all && strcmp(verb, "apply"))
		return usage_error("--all only goes with apply, not %s", Q(verb));
	if (opts.wait_set && strcmp(verb, "sync"))
		return usage_error("--wait only goes with sync, not %s", Q(verb));

#define NEED(n, what)								\
	do {									\
		if (nargs != (n))						\
			return usage_error("%s: expected " what, verb);		\
	} while (0)

	if (!strcmp(verb, "list"))
		NEED(0, "no arguments");
	else if (!strcmp(verb, "show") || !strcmp(verb, "undefine"))
		NEED(1, "DEV");
	else if (!strcmp(verb, "set") || !strcmp(verb, "define"))
		NEED(2, "DEV PROFILE");
	else if (!strcmp(verb, "sync") || !strcmp(verb, "check") || !strcmp(verb, "export"))
		NEED(0, "no arguments");
	else if (!strcmp(verb, "import"))
		NEED(1, "FILE (- for standard input)");
	else if (!strcmp(verb, "apply")) {
		if (opts.all ? nargs != 0 : nargs != 1)
			return usage_error("%s: expected DEV or --all", verb);
	} else
		return usage_error("unknown command %s", Q(verb));
#undef NEED

	if ((rc = set_root(&ctx, root, root_from)) || (rc = set_lock_timeout(&ctx)))
		return rc;

	if (!strcmp(verb, "list"))
		return vpc_cmd_list(&ctx);
	if (!strcmp(verb, "show"))
		return vpc_cmd_show(&ctx, args[0]);
	if (!strcmp(verb, "set"))
		return vpc_cmd_set(&ctx, args[0], args[1], opts.persist);
	if (!strcmp(verb, "define"))
		return vpc_cmd_define(&ctx, args[0], args[1]);
	if (!strcmp(verb, "undefine"))
		return vpc_cmd_undefine(&ctx, args[0]);
	if (!strcmp(verb, "apply"))
		return vpc_cmd_apply(&ctx, opts.all ? NULL : args[0]);
	if (!strcmp(verb, "check"))
		return vpc_cmd_check(&ctx, opts.textfile);
	if (!strcmp(verb, "export"))
		return vpc_cmd_export(&ctx);
	if (!strcmp(verb, "import"))
		return vpc_cmd_import(&ctx, args[0]);
	return vpc_cmd_sync(&ctx, opts.wait);
}
