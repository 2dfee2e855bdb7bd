#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A short libFuzzer run over the profiles/current parser against a reference.
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
printf 'native\n' > "$corpus/seed1"
printf 'transitional' > "$corpus/seed2"
if "$top/build/unit/profile_lookup_fuzz" -runs=200000 -max_len=64 -seed=1 -artifact_prefix="$corpus/" "$corpus" \
	> "$corpus/log" 2>&1; then
	echo "ok 1 - 200000 fuzzed writes to profiles/current match the reference"
else
	echo "not ok 1 - 200000 fuzzed writes to profiles/current match the reference"
	tail -n 30 "$corpus/log" | sed 's/^/#   /'
fi
echo "1..1"
