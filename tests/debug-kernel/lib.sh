# SPDX-License-Identifier: GPL-2.0-only
# Shared by the debug tier's .t files (sourced; bash).
#
# They run only under make check-debug, which builds the debug kernel first
# and sets VFIO_PROFILE_DEBUG_TIER=1; make check's "prove -r tests/" finds
# them too and gets a skip.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dbg=$top/build/debug

if [[ -z ${VFIO_PROFILE_DEBUG_TIER:-} ]]; then
	echo "1..0 # SKIP the debug-kernel tier runs under make check-debug"
	exit 0
fi
if [[ ! -f $dbg/kernel.mk ]]; then
	echo "Bail out! no $dbg/kernel.mk: make check-debug builds the debug kernel first"
	exit 1
fi
eval "$(cat "$dbg/kernel.mk")"

# The kernel log patterns that fail a run, by detector: the debug kernel's
# own on top of those of any kernel (tests/lib/kernel-log.sh).
. "$top/tests/lib/kernel-log.sh"
detectors=(
	"KASAN report|BUG: KASAN|KASAN: "
	"lockdep or RCU splat|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|bad unlock balance|held lock freed|lock held when returning to user space|DEBUG_LOCKS_WARN_ON|trying to register non-static key|possible irq lock inversion|lockdep is turned off"
	"${kernel_log_detectors[@]}"
	"kmemleak report|kmemleak: [0-9]+ new suspected memory leak|unreferenced object 0x"
)

# A TCG vCPU the host does not schedule for half a minute (a loaded CI
# machine) makes RCU report a stall ("rcu_preempt kthread starved") and can
# make the hung-task detector fire, with no bug in the guest: both wait 120 s
# here instead of 21 and 30 (the config's).  Real deadlocks still show: the
# runs last much longer, and lockdep reports lock-order problems at once.
starved="rcupdate.rcu_cpu_stall_timeout=120 sysctl.kernel.hung_task_timeout_secs=120"

# The debug VMs run without 5-level paging (la57=off; TCG's -cpu max has it).
# With LA57 and inline KASAN, 6.12 reports a false "wild-memory-access in
# do_raw_spin_lock" from an interrupt that lands while identify_cpu() has
# cleared boot_cpu_data's capabilities: pgtable_l5_enabled() reads
# X86_FEATURE_LA57, so for that moment KASAN's address-range check uses the
# 4-level layout and every direct-map address (ff11...) looks wild.  Seen
# once in 13 loaded boots here, before /init; reported upstream as "kasan:
# Fix false-positive wild-memory-access on x86 under 5-level paging" (LKML,
# June 2026).  Our code runs the same under 4-level paging.
cpu_features=la57=off

# vm_run NAME RUN.SH-ARGS...: boot the debug kernel with the debug build of
# our modules and guest programs, pass the guest's TAP through, then check
# the plan and scan the console for every detector.  Prints TAP with a plan.
vm_run() {
	local name=$1 out=$dbg/vm-$1 rc n plan
	shift
	mkdir -p "$out"
	VM_KVER=$DEBUG_KVER VM_KIMAGE=$DEBUG_KIMAGE VM_MODULES_DIR=$dbg/src \
	VM_GUEST_DIR=$dbg/guest \
		bash "$top/tests/vm/run.sh" --scenario check --out "$out" \
		--timeout "${DEBUG_VM_TIMEOUT:-2400}" --cpu-features "$cpu_features" --append "loglevel=7 $starved" "$@" \
		2> "$out.run.log"
	rc=$?
	sed 's/^/# /' "$out.run.log"
	n=0
	if ((rc)); then
		echo "not ok 1 - the $name VM gave a verdict"
		echo "#   console: $out/console.log"
		n=1
	else
		tr -d '\r' < "$out/tap.log" > "$out/tap.txt"
		grep -E '^(ok|not ok) [0-9]+|^#' "$out/tap.txt" | grep -v '^# vm-done'
		n=$(grep -cE '^(ok|not ok) [0-9]+' "$out/tap.txt")
		plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/tap.txt")
		n=$((n + 1))
		if [[ -n $plan && $plan == $((n - 1)) ]]; then
			echo "ok $n - the guest ran its whole plan ($plan tests)"
		else
			echo "not ok $n - the guest ran its whole plan (plan '$plan', ran $((n - 1)))"
		fi
	fi
	# Even a boot without a verdict is scanned: a splat is the likely cause.
	console_scan "$name" "$DEBUG_KVER" "$out/console.log" "${detectors[@]}"
	echo "1..$n"
}
