// SPDX-License-Identifier: GPL-2.0-only
/* Strict reader and writer of the export format; see defset.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defset.h"
#include "util.h"

/* Longest string value we accept: every valid one is far shorter. */
#define STR_MAX 64

struct jp {
	const char *s;
	size_t len, pos;
	struct vpc_defset_err *err;
};

static int jfail(struct jp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "line L, column C: message", at the current position. */
static int jfail(struct jp *p, const char *fmt, ...)
{
	unsigned int line = 1, col = 1;
	va_list ap;
	int n;

	for (size_t i = 0; i < p->pos && i < p->len; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	n = snprintf(p->err->msg, sizeof(p->err->msg), "line %u, column %u: ", line, col);
	va_start(ap, fmt);
	vsnprintf(p->err->msg + n, sizeof(p->err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void ws(struct jp *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int peek(struct jp *p)
{
	ws(p);
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int expect(struct jp *p, char c, const char *what)
{
	if (peek(p) != c) {
		if (p->pos >= p->len)
			return jfail(p, "unexpected end of input, expected %s", what);
		return jfail(p, "expected %s", what);
	}
	p->pos++;
	return 0;
}

static int hex4(const char *s, unsigned int *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/*
 * A JSON string into out (STR_MAX + 1 bytes). Escapes are decoded;
 * anything that decodes outside printable ASCII is kept as '?' after the
 * whole string was checked (no valid name contains it, and messages quote
 * it safely). Raw bytes >= 0x80 are accepted only as part of the string
 * (JSON allows UTF-8) and become '?' too.
 */
static int string(struct jp *p, char *out, const char *what)
{
	size_t o = 0, start;

	if (peek(p) != '"')
		return jfail(p, "expected %s (a string)", what);
	start = p->pos++;
	for (;;) {
		unsigned char c;
		char put;

		if (p->pos >= p->len)
			return jfail(p, "unterminated string");
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20)
			return jfail(p, "control character 0x%02x in a string", c);
		if (c == '\\') {
			unsigned int u;

			if (p->pos + 1 >= p->len)
				return jfail(p, "unterminated string");
			switch (p->s[p->pos + 1]) {
			case '"': put = '"'; break;
			case '\\': put = '\\'; break;
			case '/': put = '/'; break;
			case 'b': case 'f': case 'n': case 'r': case 't': put = '?'; break;
			case 'u':
				if (p->pos + 6 > p->len || hex4(p->s + p->pos + 2, &u))
					return jfail(p, "invalid \\u escape");
				put = (u >= 0x20 && u < 0x7f) ? (char)u : '?';
				p->pos += 4;
				break;
			default:
				return jfail(p, "invalid escape '\\%c'",
					     (p->s[p->pos + 1] >= 0x20 && p->s[p->pos + 1] < 0x7f) ?
					     p->s[p->pos + 1] : '?');
			}
			p->pos += 2;
		} else {
			put = c < 0x7f ? (char)c : '?';
			p->pos++;
		}
		if (o >= STR_MAX) {
			p->pos = start;
			return jfail(p, "string too long (more than %d characters)", STR_MAX);
		}
		out[o++] = put;
	}
	out[o] = '\0';
	return 0;
}

/* The integer 1, nothing else ("1.0", "01", "1e0" are not the version). */
static int version(struct jp *p)
{
	size_t start;

	if (peek(p) < 0)
		return jfail(p, "unexpected end of input, expected the version");
	start = p->pos;
	while (p->pos < p->len && ((p->s[p->pos] >= '0' && p->s[p->pos] <= '9') ||
				   p->s[p->pos] == '-' || p->s[p->pos] == '+' ||
				   p->s[p->pos] == '.' || p->s[p->pos] == 'e' || p->s[p->pos] == 'E'))
		p->pos++;
	if (p->pos - start != 1 || p->s[start] != '1') {
		p->pos = start;
		return jfail(p, "\"version\" must be the number 1");
	}
	return 0;
}

static int entry_fail(struct vpc_defset_err *err, size_t i, const char *match, const char *fmt,
		      ...) __attribute__((format(printf, 4, 5)));

/* "definitions[i] (match 'X'): message" */
static int entry_fail(struct vpc_defset_err *err, size_t i, const char *match, const char *fmt,
		      ...)
{
	char q[80];
	va_list ap;
	int n;

	if (match)
		n = snprintf(err->msg, sizeof(err->msg), "definitions[%zu] (match %s): ", i,
			     vpc_quote(match, q, sizeof(q)));
	else
		n = snprintf(err->msg, sizeof(err->msg), "definitions[%zu]: ", i);
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* One {"match": ..., "profile": ...}; semantic checks name the entry. */
static int entry(struct jp *p, size_t i, struct vpc_defset_entry *e)
{
	char key[STR_MAX + 1], match[STR_MAX + 1] = "", profile[STR_MAX + 1] = "", q[80];
	bool have_match = false, have_profile = false, canon;
	int r;

	if (peek(p) != '{')
		return jfail(p, "definitions[%zu]: expected an object", i);
	p->pos++;
	if (peek(p) == '}')
		return jfail(p, "definitions[%zu]: empty object (needs \"match\" and \"profile\")", i);
	for (;;) {
		size_t kpos;

		peek(p);
		kpos = p->pos;
		if ((r = string(p, key, "a key")) || (r = expect(p, ':', "':'")))
			return r;
		if (strcmp(key, "match") == 0 || strcmp(key, "profile") == 0) {
			bool *have = key[0] == 'm' ? &have_match : &have_profile;

			p->pos = *have ? kpos : p->pos;
			if (*have)
				return jfail(p, "definitions[%zu]: duplicate key \"%s\"", i, key);
			*have = true;
			if ((r = string(p, key[0] == 'm' ? match : profile, key[0] == 'm' ?
					"the match" : "the profile")))
				return r;
		} else {
			p->pos = kpos;
			return jfail(p, "definitions[%zu]: unknown key %s", i, vpc_quote(key, q, sizeof(q)));
		}
		if (peek(p) == '}')
			break;
		if ((r = expect(p, ',', "',' or '}'")))
			return r;
	}
	p->pos++;
	if (!have_match)
		return entry_fail(p->err, i, NULL, "missing \"match\"");
	if (!have_profile)
		return entry_fail(p->err, i, match, "missing \"profile\"");
	if (vpc_key_parse(match, &e->key, &canon))
		return entry_fail(p->err, i, match, "not a definition name (a PCI address "
				  "dddd:bb:dd.f, pf-<PCI address> or id-<vendor>:<device>)");
	vpc_key_format(&e->key, e->name);
	if (!canon)
		return entry_fail(p->err, i, match, "not in canonical form (write '%s')", e->name);
	if (!vpc_name_valid(profile))
		return entry_fail(p->err, i, match, "invalid profile name %s (%s)",
				  vpc_quote(profile, q, sizeof(q)), VPC_NAME_RULE);
	strcpy(e->profile, profile);
	return 0;
}

static int defs_array(struct jp *p, struct vpc_defset *set)
{
	size_t cap = 0;
	int r;

	if ((r = expect(p, '[', "'[' (the definitions array)")))
		return r;
	if (peek(p) == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		struct vpc_defset_entry *nv;

		if (set->n >= VPC_DEFSET_MAX)
			return jfail(p, "more than %d definitions", VPC_DEFSET_MAX);
		if (set->n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(set->v, cap * sizeof(*nv));
			if (!nv)
				return -ENOMEM;
			set->v = nv;
		}
		if ((r = entry(p, set->n, &set->v[set->n])))
			return r;
		set->n++;
		if (peek(p) == ']')
			break;
		if ((r = expect(p, ',', "',' or ']'")))
			return r;
	}
	p->pos++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return vpc_key_cmp(&((const struct vpc_defset_entry *)a)->key,
			   &((const struct vpc_defset_entry *)b)->key);
}

void vpc_defset_sort(struct vpc_defset *set)
{
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), cmp_entry);
}

/* Duplicates, found on the input order so the message names both entries. */
static int no_duplicates(const struct vpc_defset *set, struct vpc_defset_err *err)
{
	for (size_t i = 1; i < set->n; i++)
		for (size_t j = 0; j < i; j++)
			if (vpc_key_cmp(&set->v[i].key, &set->v[j].key) == 0)
				return entry_fail(err, i, set->v[i].name,
						  "duplicate (also definitions[%zu])", j);
	return 0;
}

int vpc_defset_parse(const char *buf, size_t len, struct vpc_defset *set, struct vpc_defset_err *err)
{
	struct jp p = { .s = buf, .len = len, .err = err };
	bool have_version = false, have_defs = false;
	char key[STR_MAX + 1], q[80];
	int r;

	memset(set, 0, sizeof(*set));
	memset(err, 0, sizeof(*err));
	if (len > VPC_DEFSET_FILE_MAX) {
		snprintf(err->msg, sizeof(err->msg), "too large (more than %d bytes)",
			 VPC_DEFSET_FILE_MAX);
		return -EINVAL;
	}
	if (memchr(buf, '\0', len)) {
		p.pos = (size_t)((const char *)memchr(buf, '\0', len) - buf);
		return jfail(&p, "NUL byte");
	}
	if ((r = expect(&p, '{', "'{' (a JSON object)")))
		goto fail;
	if (peek(&p) == '}') {
		r = jfail(&p, "missing \"version\" and \"definitions\"");
		goto fail;
	}
	for (;;) {
		size_t kpos;

		peek(&p);
		kpos = p.pos;
		if ((r = string(&p, key, "a key")) || (r = expect(&p, ':', "':'")))
			goto fail;
		if (strcmp(key, "version") == 0) {
			if (have_version)
				p.pos = kpos;
			r = have_version ? jfail(&p, "duplicate key \"version\"") : version(&p);
			have_version = true;
		} else if (strcmp(key, "definitions") == 0) {
			if (have_defs)
				p.pos = kpos;
			r = have_defs ? jfail(&p, "duplicate key \"definitions\"") : defs_array(&p, set);
			have_defs = true;
		} else {
			p.pos = kpos;
			r = jfail(&p, "unknown key %s", vpc_quote(key, q, sizeof(q)));
		}
		if (r)
			goto fail;
		if (peek(&p) == '}')
			break;
		if ((r = expect(&p, ',', "',' or '}'")))
			goto fail;
	}
	p.pos++;
	if (peek(&p) >= 0) {
		r = jfail(&p, "trailing data after the document");
		goto fail;
	}
	if (!have_version || !have_defs) {
		snprintf(err->msg, sizeof(err->msg), "missing \"%s\"",
			 have_version ? "definitions" : "version");
		r = -EINVAL;
		goto fail;
	}
	if ((r = no_duplicates(set, err)))
		goto fail;
	vpc_defset_sort(set);
	return 0;
fail:
	if (r == -ENOMEM)
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	vpc_defset_free(set);
	return r;
}

void vpc_defset_free(struct vpc_defset *set)
{
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

bool vpc_defset_equal(const struct vpc_defset *a, const struct vpc_defset *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (vpc_key_cmp(&a->v[i].key, &b->v[i].key) ||
		    strcmp(a->v[i].profile, b->v[i].profile))
			return false;
	return true;
}

void vpc_defset_print(FILE *f, const struct vpc_defset *set)
{
	/* Names and profiles are validated: no escaping needed. */
	fprintf(f, "{\n   \"version\": 1,\n   \"definitions\": [");
	for (size_t i = 0; i < set->n; i++)
		fprintf(f, "%s\n      {\"match\": \"%s\", \"profile\": \"%s\"}", i ? "," : "",
			set->v[i].name, set->v[i].profile);
	fprintf(f, "%s]\n}\n", set->n ? "\n   " : "");
}
