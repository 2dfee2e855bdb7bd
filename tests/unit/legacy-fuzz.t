#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A short libFuzzer run: random (offset, size, op) sequences on the emulated
# config header and BAR0 against the reference models.
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '\x00\x04\x02\x01\x01\x00\x40\x00\x02\x10\x02\x00\x03\x14\x04\x00' > "$work/seed"
mkdir "$work/corpus" && mv "$work/seed" "$work/corpus/"
if "$top/build/unit/legacy_fuzz" -runs=300000 -max_len=256 -seed=1 \
	-artifact_prefix="$work/" "$work/corpus" > "$work/log" 2>&1; then
	echo "ok 1 - 300000 fuzzed op sequences agree with the reference models"
else
	echo "not ok 1 - 300000 fuzzed op sequences agree with the reference models"
	tail -n 30 "$work/log" | sed 's/^/#   /'
fi
echo "1..1"
