# KUnit suites (tests/kunit/, one module each), built only for the debug
# kernel: each runs when loaded; its KTAP results are read from debugfs.
. /tests/lib.sh

if ! ls /lib/modules/kunit/*.ko > /dev/null 2>&1; then
	skip "KUnit suites" "no KUnit in this kernel (Debian's has none); make check-debug runs them"
	exit 0
fi
grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
KD=/sys/kernel/debug/kunit
if [ ! -d $KD ]; then
	fail "KUnit results in debugfs ($KD)" "the debug kernel needs KUNIT_DEBUGFS"
	exit 0
fi

for ko in /lib/modules/kunit/*.ko; do
	mod=${ko##*/}
	mod=${mod%.ko}
	before=$(ls $KD)
	if ! insmod $ko > /tmp/kunit.out 2>&1; then
		fail "KUnit module $mod loads"
		sed 's/^/#   /' /tmp/kunit.out
		continue
	fi
	suites=
	for s in $(ls $KD); do
		echo "$before" | grep -qx "$s" || suites="$suites $s"
	done
	[ -n "$suites" ] || fail "KUnit module $mod registers a suite" "no new entry in $KD"
	for s in $suites; do
		r=$KD/$s/results
		# "# Totals: pass:N fail:N skip:N total:N", then the suite's own line.
		totals=$(sed -n 's/^ *# Totals: //p' $r | tail -n1)
		pass=$(echo "$totals" | sed -n 's/.*pass:\([0-9]*\).*/\1/p')
		if grep -qE "^ok [0-9]+ $s\$" $r && echo "$totals" | grep -q ' fail:0 ' &&
		   [ "${pass:-0}" -gt 0 ]; then
			pass "KUnit suite $s ($mod): $totals"
		else
			fail "KUnit suite $s ($mod): ${totals:-no totals}"
			grep -E -B2 -A6 'not ok|Expected|KASAN' $r | head -40 | sed 's/^/#   /'
		fi
	done
	rmmod $mod || fail "KUnit module $mod unloads"
done
