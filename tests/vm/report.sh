# SPDX-License-Identifier: GPL-2.0-only
# Shared by the VM tiers' .t files (sourced; bash): report a finished VM.
#
# vm_report OUT [WHO [CONSOLES]]: print the guest's TAP from OUT/tap.log
# with its plan held back, then the host's first checks: WHO (default "the
# guest") ran its whole plan, and CONSOLES (default "the console shows",
# OUT/console.log) no oops, BUG, WARNING or panic.  Leaves the number of the
# last test in $n and 1 in $vm_report_failed if either check failed; the
# caller adds its own checks and prints the plan.
vm_report() {
	local out=$1 who=${2:-the guest} consoles=${3:-the console shows} plan
	vm_report_failed=0
	# The serial line discipline ends lines with CRLF.
	tr -d '\r' < "$out/tap.log" > "$out/tap.txt"
	grep -E '^(ok|not ok) [0-9]+|^#' "$out/tap.txt" | grep -v '^# vm-done'
	n=$(grep -cE '^(ok|not ok) [0-9]+' "$out/tap.txt")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/tap.txt")

	n=$((n + 1))
	if [[ $plan == $((n - 1)) ]]; then
		echo "ok $n - $who ran its whole plan ($plan tests)"
	else
		vm_report_failed=1
		echo "not ok $n - $who ran its whole plan (plan '$plan', ran $((n - 1)))"
	fi
	n=$((n + 1))
	if grep -qE 'Oops|BUG:|WARNING:|Call Trace|INFO: task .* blocked|Kernel panic' "$out/console.log"; then
		vm_report_failed=1
		echo "not ok $n - $consoles no oops, BUG, WARNING or panic"
		grep -E -A20 'Oops|BUG:|WARNING:|Kernel panic' "$out/console.log" | head -40 | sed 's/^/#   /'
	else
		echo "ok $n - $consoles no oops, BUG, WARNING or panic"
	fi
}
