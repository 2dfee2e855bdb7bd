# On a debug kernel, the detectors the host scans the log of were really on
# and still are after the tests above: lockdep turns itself off after its
# first report, kmemleak after an internal error.
. /tests/lib.sh

if [ ! -e /proc/lockdep_stats ]; then
	skip "the kernel's bug detectors are on" "not a debug kernel (Debian's has no lockdep, KASAN or kmemleak); make check-debug runs one"
	exit 0
fi
grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
check "lockdep is still on (debug_locks: 1)" grep -qE 'debug_locks: +1$' /proc/lockdep_stats
check "KASAN is on" sh -c "dmesg | grep -q 'KernelAddressSanitizer initialized'"
check "kmemleak is on and did not disable itself" \
	sh -c "test -e /sys/kernel/debug/kmemleak && ! dmesg | grep -q 'Kernel memory leak detector disabled'"
check "KUnit is built in" test -d /sys/kernel/debug/kunit

# A kmemleak scan over everything the tests before this one did (the cycles
# of 63-kmemleak.sh have a VM of their own).
KML=/sys/kernel/debug/kmemleak
if [ -e $KML ]; then
	sleep 6	# kmemleak reports only objects older than 5 s
	echo scan > $KML
	cat $KML > /tmp/kmemleak.out
	if [ -s /tmp/kmemleak.out ]; then
		fail "kmemleak: no leak from the tests so far" \
		     "$(grep -c '^unreferenced object' /tmp/kmemleak.out) unreferenced objects"
		head -n 60 /tmp/kmemleak.out | sed 's/^/#   /'
	else
		pass "kmemleak: no leak from the tests so far"
	fi
fi
