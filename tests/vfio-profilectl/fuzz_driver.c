// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fallback driver for fuzz_parsers.c when clang's libFuzzer is missing:
 * deterministic pseudo-random and mutated inputs (no coverage feedback),
 * run under ASan/UBSan. Accepts "-runs=N" and corpus files/directories
 * like libFuzzer, so the test script does not care which one it got.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static uint8_t seeds[64][512];
static size_t seed_len[64], nseeds;

static void load(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f || nseeds >= 64) {
		if (f)
			fclose(f);
		return;
	}
	seed_len[nseeds] = fread(seeds[nseeds], 1, sizeof(seeds[0]), f);
	fclose(f);
	LLVMFuzzerTestOneInput(seeds[nseeds], seed_len[nseeds]);
	nseeds++;
}

int main(int argc, char **argv)
{
	long runs = 20000;
	uint8_t buf[600];

	for (int i = 1; i < argc; i++) {
		DIR *d;
		struct dirent *de;
		char p[4096];

		if (!strncmp(argv[i], "-runs=", 6)) {
			runs = atol(argv[i] + 6);
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		d = opendir(argv[i]);
		if (!d) {
			load(argv[i]);
			continue;
		}
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' && snprintf(p, sizeof(p), "%s/%s", argv[i], de->d_name) < (int)sizeof(p))
				load(p);
		closedir(d);
	}
	for (long r = 0; r < runs; r++) {
		size_t n;

		if (nseeds && next() % 4) {
			/* Mutate a seed: flips, inserts of syntax bytes, cuts. */
			size_t s = next() % nseeds;
			static const char alphabet[] = "=#\n\r \t:.-_/0123456789abcdefvfioprofile\0\xff";

			n = seed_len[s];
			memcpy(buf, seeds[s], n);
			for (int m = next() % 8; m >= 0; m--) {
				size_t pos = n ? next() % n : 0;

				switch (next() % 3) {
				case 0:
					if (n)
						buf[pos] = (uint8_t)alphabet[next() % (sizeof(alphabet) - 1)];
					break;
				case 1:
					if (n < sizeof(buf) - 1) {
						memmove(buf + pos + 1, buf + pos, n - pos);
						buf[pos] = (uint8_t)alphabet[next() % (sizeof(alphabet) - 1)];
						n++;
					}
					break;
				default:
					n = pos;
					break;
				}
			}
		} else {
			n = next() % sizeof(buf);
			for (size_t i = 0; i < n; i++)
				buf[i] = (uint8_t)next();
		}
		LLVMFuzzerTestOneInput(buf, n);
	}
	printf("Done %ld runs (random driver, no libFuzzer)\n", runs);
	return 0;
}
