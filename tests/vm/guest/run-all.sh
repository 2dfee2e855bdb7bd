# SPDX-License-Identifier: GPL-2.0-only
# Run every guest test script in order; print the TAP plan at the end.
# VMTEST_TESTS (kernel command line VMTEST_TESTS=..., which reaches /init as
# an environment variable) runs only the scripts it names.
. /tests/lib.sh
echo "TAP version 13"
for t in ${VMTEST_TESTS:-/tests/tests/*.sh}; do
	diag "== ${t##*/}"
	sh $t
done
echo "1..$(cat $TAP_COUNT 2>/dev/null || echo 0)"
