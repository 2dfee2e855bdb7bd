#!/bin/bash
# Short run of the parser fuzz target (libFuzzer + ASan/UBSan when clang
# has it, else the deterministic random driver). The seed corpus is copied
# to a temp dir because libFuzzer adds new inputs to its corpus dir.
. "$(dirname "$0")/lib.sh"
FUZZ=$BUILD/fuzz-parsers
[ -x "$FUZZ" ] || { echo "Bail out! $FUZZ missing: run make -C tools/vfio-profilectl check-build"; exit 255; }
mkdir -p "$TMP/corpus" "$TMP/artifacts"
cp "$T_DIR"/corpus/* "$TMP/corpus/"
runs=${VPC_FUZZ_RUNS:-30000}
"$FUZZ" -runs="$runs" -max_len=600 -seed=1 -artifact_prefix="$TMP/artifacts/" "$TMP/corpus" >"$TMP/fuzz.log" 2>&1
rc=$?
ok $rc "fuzz-parsers: $runs runs without a crash"
[ $rc -eq 0 ] || tail -30 "$TMP/fuzz.log" | diag
grep -q '^Done ' "$TMP/fuzz.log"; ok $? "fuzz run completed"
is "$(ls -A "$TMP/artifacts")" "" "no crash artifacts"
# Every seed on its own (regression inputs live in corpus/).
for f in "$T_DIR"/corpus/*; do
	"$FUZZ" -runs=1 "$f" >/dev/null 2>&1; ok $? "seed $(basename "$f")"
done
done_testing
