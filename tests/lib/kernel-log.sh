# SPDX-License-Identifier: GPL-2.0-only
# The kernel log scan of the tiers that boot their own kernel
# (tests/debug-kernel/, tests/newest-kernel/); sourced, bash.

# What fails a run on any kernel, by detector: "LABEL|ERE", the ERE matched
# against the VM's console (booted with loglevel=7, so warnings reach it).
# The debug tier adds its own detectors (KASAN, lockdep, kmemleak).
kernel_log_detectors=(
	"sleep in atomic context or list corruption|sleeping function called from invalid context|scheduling while atomic|list_(add|del) corruption|list_.* corruption"
	"BUG, WARNING, Oops or panic|BUG:|WARNING:|Oops|Kernel panic|general protection fault|kernel BUG at|Call Trace"
	"hung task, soft lockup or RCU stall|INFO: task .* blocked for more than|soft lockup|hard LOCKUP|rcu: INFO:|detected stalls? on CPU"
)

# console_scan NAME KVER CONSOLE DETECTOR...: TAP lines numbered from n + 1
# (n is the caller's count, updated): the console holds the whole boot of
# KVER (a scan proves nothing otherwise, and it proves the VM booted that
# kernel), then one line per detector.  Prints no plan.
console_scan() {
	local name=$1 kver=$2 console=$3 txt d label re
	shift 3
	txt=${console%.log}.txt
	tr -d '\r' < "$console" > "$txt" 2>/dev/null
	n=$((n + 1))
	if grep -q "Linux version $kver " "$txt" 2>/dev/null &&
	   grep -q 'reboot: Power down' "$txt"; then
		echo "ok $n - $name: the console log holds the whole boot of $kver"
	else
		echo "not ok $n - $name: the console log holds the whole boot of $kver"
		tail -n 20 "$txt" 2>/dev/null | sed 's/^/#   /'
	fi
	for d in "$@"; do
		label=${d%%|*}
		re=${d#*|}
		n=$((n + 1))
		if grep -qE "$re" "$txt"; then
			echo "not ok $n - $name: no $label in the kernel log"
			grep -nE -m1 "$re" "$txt" | sed 's/^/#   first at line /'
			grep -E -m1 -A40 "$re" "$txt" | sed 's/^/#   /'
		else
			echo "ok $n - $name: no $label in the kernel log"
		fi
	done
}
