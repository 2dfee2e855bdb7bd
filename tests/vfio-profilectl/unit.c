// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests (TAP) for the pure parts of vfio-profilectl: DEV parsers,
 * profile-name rule, the definition-file parser's messages, quoting and
 * the errno texts. Built with ASan/UBSan by "make check-build".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "parse.h"
#include "util.h"

static int n, failed;

/* desc: text with one "%s" for arg, quoted so no raw control bytes reach TAP. */
static void ok(int cond, const char *desc, const char *arg)
{
	const char *at = strstr(desc, "%s");
	char q[96];

	vpc_quote(arg, q, sizeof(q));
	printf("%sok %d - %.*s%s%s\n", cond ? "" : "not ", ++n, at ? (int)(at - desc) : (int)strlen(desc),
	       desc, at ? q : "", at ? at + 2 : "");
	failed += !cond;
}

static void test_pci_addr(void)
{
	static const struct { const char *in, *canon; int canonical; } good[] = {
		{ "0000:01:00.0", "0000:01:00.0", 1 }, { "01:00.0", "0000:01:00.0", 0 },
		{ "0000:AB:1f.7", "0000:ab:1f.7", 0 }, { "10000:00:00.0", "10000:00:00.0", 1 },
		{ "ffffffff:ff:1f.7", "ffffffff:ff:1f.7", 1 }, { "00000:01:00.0", "0000:01:00.0", 0 },
	};
	static const char *const bad[] = {
		"", "0000:01:00", "0000:01:00.8", "0000:01:20.0", "000:01:00.0", "1:00.0",
		"0000:1:00.0", "0000:01:0.0", "0000:01:00.00", "100000000:00:00.0", "0000:01:00.0 ",
		" 01:00.0", "0000:01:00.0\n", "0000::00.0", "0000:01:00:0", "g000:01:00.0",
		"01:00.-1", "0x01:00.0", "0000:01:00.0/x", "vfio0", ":01:00.0",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct vpc_pci_addr a;
		char buf[VPC_ADDR_LEN];
		bool canon = !good[i].canonical;
		int r = vpc_pci_addr_parse(good[i].in, &a, &canon);

		vpc_pci_addr_format(&a, buf);
		ok(r == 0 && !strcmp(buf, good[i].canon) && canon == (bool)good[i].canonical,
		   "pci address %s parses", good[i].in);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vpc_pci_addr a;

		ok(vpc_pci_addr_parse(bad[i], &a, NULL) == -EINVAL, "pci address %s rejected", bad[i]);
	}
}

static void test_vfio_and_names(void)
{
	static const char *const vgood[] = { "vfio0", "vfio1", "vfio2147483647" };
	static const char *const vbad[] = { "vfio", "vfio01", "vfio-1", "vfio2147483648", "VFIO1",
					    "vfio1a", "xvfio1", "vfio 1" };
	static const char *const ngood[] = { "native", "transitional", "a", "0", "a-b_c",
					     "abcdefghijklmnopqrstuvwxyz01234" };
	static const char *const nbad[] = { "", "-x", "_x", "Native", "a b", "a.b", "a/b", "a\n",
					    "abcdefghijklmnopqrstuvwxyz012345", "é" };
	unsigned int idx;

	for (size_t i = 0; i < sizeof(vgood) / sizeof(vgood[0]); i++)
		ok(vpc_vfio_name_parse(vgood[i], &idx) == 0, "vfio name %s accepted", vgood[i]);
	for (size_t i = 0; i < sizeof(vbad) / sizeof(vbad[0]); i++)
		ok(vpc_vfio_name_parse(vbad[i], &idx) != 0, "vfio name %s rejected", vbad[i]);
	for (size_t i = 0; i < sizeof(ngood) / sizeof(ngood[0]); i++)
		ok(vpc_name_valid(ngood[i]), "profile name %s valid", ngood[i]);
	for (size_t i = 0; i < sizeof(nbad) / sizeof(nbad[0]); i++)
		ok(!vpc_name_valid(nbad[i]), "profile name %s invalid", nbad[i]);
}

static void test_spec(void)
{
	struct vpc_spec s;

	ok(vpc_spec_parse("/sys/bus/pci/devices/0000:01:00.0", &s) == 0 && s.kind == VPC_SPEC_PATH,
	   "%s is a path", "/sys/...");
	ok(vpc_spec_parse("vfio3", &s) == 0 && s.kind == VPC_SPEC_VFIO && s.vfio == 3, "%s", "vfio3");
	ok(vpc_spec_parse("01:00.0", &s) == 0 && s.kind == VPC_SPEC_ADDR, "%s", "short address");
	ok(vpc_spec_parse("sys/bus", &s) != 0, "%s rejected", "relative path");
	ok(vpc_spec_parse("/etc/passwd", &s) != 0, "%s rejected", "path outside /sys");
}

static void test_conf(void)
{
	static const struct { const char *in; size_t len; unsigned int line; const char *msg; } cases[] = {
#define C(s, l, m) { s, sizeof(s) - 1, l, m }
		C("profile=native\n", 0, NULL),
		C("profile=native", 0, NULL),
		C("# x\n\nprofile=transitional\n#\n", 0, NULL),
		C("", 0, "missing key 'profile'"),
		C("# only\n", 0, "missing key 'profile'"),
		C("profile=native\nfoo=bar\n", 2, "unknown key 'foo'"),
		C("profile=native\nprofile=native\n", 2, "duplicate key 'profile' (first on line 1)"),
		C("profile =native\n", 1, "whitespace around '='"),
		C("profile= native\n", 1, "whitespace around '='"),
		C(" profile=native\n", 1, "leading whitespace"),
		C("profile=native \n", 1, "trailing whitespace"),
		C("profile=native\r\n", 1, "carriage return (DOS line ending?)"),
		C("\n\nprofile\n", 3, "malformed line 'profile' (expected key=value)"),
		C("=native\n", 1, "missing key before '='"),
		C("Profile=native\n", 1, "invalid key 'Profile'"),
		C("profile=\n", 1, "invalid profile name '' (1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)"),
		C("profile=Native\n", 1, "invalid profile name 'Native' (1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)"),
		C("profile=a=b\n", 1, "invalid profile name 'a=b' (1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)"),
		C("profile=nat\0ive\n", 1, "NUL byte"),
		C("foo\n\x01\n", 1, "malformed line 'foo' (expected key=value)"),
#undef C
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vpc_conf c;
		struct vpc_conf_err e;
		int r = vpc_conf_parse(cases[i].in, cases[i].len, &c, &e);
		if (!cases[i].msg)
			ok(r == 0, "conf %s accepted", cases[i].in);
		else
			ok(r == -EINVAL && e.line == cases[i].line && !strcmp(e.msg, cases[i].msg),
			   "conf %s rejected with the right line and message", cases[i].in);
		if (cases[i].msg && (r != -EINVAL || strcmp(e.msg, cases[i].msg)))
			printf("# got line %u: %s\n", e.line, e.msg);
	}
	{
		char big[VPC_CONF_FILE_MAX + 2], line[VPC_CONF_LINE_MAX + 20];
		struct vpc_conf c;
		struct vpc_conf_err e;

		memset(big, '#', sizeof(big));
		ok(vpc_conf_parse(big, sizeof(big), &c, &e) && e.line == 0 &&
		   !strcmp(e.msg, "file too large (more than 4096 bytes)"), "%s", "file too large");
		memset(line, '#', sizeof(line));
		ok(vpc_conf_parse(line, VPC_CONF_LINE_MAX + 1, &c, &e) && e.line == 1 &&
		   !strcmp(e.msg, "line too long (more than 255 bytes)"), "%s", "256-byte line too long");
		ok(vpc_conf_parse(line, VPC_CONF_LINE_MAX, &c, &e) && !strcmp(e.msg, "missing key 'profile'"),
		   "%s", "255-byte comment line fine");
	}
}

static void test_quote_and_errno(void)
{
	char q[16], q2[32];

	ok(!strcmp(vpc_quote("a\x1b[0m", q2, sizeof(q2)), "'a\\x1b[0m'"), "%s", "quote escapes ESC");
	ok(!strcmp(vpc_quote("abcdefghijklmnopqrstuvwxyz", q, sizeof(q)), "'abcdef...'"), "%s",
	   "quote cuts long text");
	/* The "root is needed" hint only for someone who is not root. */
	if (geteuid() != 0) {
		ok(strstr(vpc_write_strerror(EACCES), "root is needed") != NULL, "%s", "EACCES says root");
		ok(strstr(vpc_write_strerror(EPERM), "root is needed") != NULL, "%s", "EPERM says root");
	} else {
		ok(!strcmp(vpc_write_strerror(EACCES), strerror(EACCES)), "%s", "EACCES as root: strerror");
		ok(!strcmp(vpc_write_strerror(EPERM), strerror(EPERM)), "%s", "EPERM as root: strerror");
	}
	ok(!strcmp(vpc_write_strerror(EROFS), "read-only file system"), "%s", "EROFS");
	ok(!strcmp(vpc_write_strerror(ENOSPC), "no space left on device"), "%s", "ENOSPC");
}

int main(void)
{
	test_pci_addr();
	test_vfio_and_names();
	test_spec();
	test_conf();
	test_quote_and_errno();
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
