# SPDX-License-Identifier: GPL-2.0-only
# Shared by the newest-kernel tier's .t files (sourced; bash).
#
# They run only under make check-newest, which builds the newest kernel first
# (build/newest/kernel.mk) and sets VFIO_PROFILE_NEWEST_TIER=1; a plain
# "prove -r tests/" finds them too and gets a skip that says so.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
nw=$top/build/newest

if [[ -z ${VFIO_PROFILE_NEWEST_TIER:-} ]]; then
	echo "1..0 # SKIP the newest-kernel tier runs under make check-newest (check-newest-e2e)"
	exit 0
fi
if [[ ! -f $nw/kernel.mk ]]; then
	echo "Bail out! no $nw/kernel.mk: make check-newest builds the newest kernel first"
	exit 1
fi
eval "$(cat "$nw/kernel.mk")"
. "$top/tests/lib/kernel-log.sh"

# newest_suite NAME T-FILE [VAR=VALUE...]: run a VM tier of tests/vm/
# (stock.t, owner.t) unchanged, with its host checks, on the newest kernel
# and the modules 10-build.t built against it, booted with loglevel=7 so
# that every warning reaches the console; pass its TAP through, then add
# the console scan: the VM booted $NEWEST_KVER and no detector fired.
# The console is $out/console.log unless $console names another (a .t that
# puts its VM's outputs elsewhere).  Prints TAP with a plan.
newest_suite() {
	local name=$1 t=$2 out=$nw/vm-$1 plan
	shift 2
	mkdir -p "$out"
	env VM_KVER="$NEWEST_KVER" VM_KIMAGE="$NEWEST_KIMAGE" VM_MODULES_DIR="$nw/src" \
		VM_OUT="$out" VM_APPEND=loglevel=7 VM_TIMEOUT="${NEWEST_VM_TIMEOUT:-900}" "$@" \
		bash "$top/$t" > "$out.tap" 2>&1
	grep -vE '^1\.\.[0-9]+$' "$out.tap"
	n=$(grep -cE '^(ok|not ok) [0-9]+' "$out.tap")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out.tap")
	n=$((n + 1))
	if [[ -n $plan && $plan == $((n - 1)) ]]; then
		echo "ok $n - $t ran its whole plan ($plan tests) on $NEWEST_KVER"
	else
		echo "not ok $n - $t ran its whole plan on $NEWEST_KVER (plan '$plan', ran $((n - 1)))"
	fi
	console_scan "$name" "$NEWEST_KVER" "${console:-$out/console.log}" "${kernel_log_detectors[@]}"
	echo "1..$n"
}
