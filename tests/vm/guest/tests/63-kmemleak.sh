# kmemleak after bind/unbind and open/close cycles (VMTEST_CYCLES, default
# 100, each; 25 for the sample driver) in every profile the drivers list as
# available, so a profile that becomes available is covered without
# touching this test.  Opens alternate between the group and, where the
# kernel has it, the cdev.
. /tests/lib.sh

KML=/sys/kernel/debug/kmemleak
grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
if [ ! -e $KML ]; then
	skip "kmemleak after bind/unbind and open/close cycles" "this kernel has no DEBUG_KMEMLEAK (Debian's has none); make check-debug runs it"
	exit 0
fi
N=${VMTEST_CYCLES:-100}
# The test-only sample driver has nothing of its own beyond the profile
# core, which the virtio driver's cycles already run 100 times a profile;
# 25 cycles still show a leak of one object a cycle 25 times over, and keep
# this VM (the longest of the tier) about 40% shorter.
N_SAMPLE=${VMTEST_SAMPLE_CYCLES:-25}
D=$DEV3

# kmemleak_scan: report what a scan finds, as diagnostics; returns 1 if any.
# kmemleak reports only objects older than 5 s, hence the wait.
kmemleak_scan() {
	sleep 6
	echo scan > $KML
	cat $KML > /tmp/kmemleak.out
	[ -s /tmp/kmemleak.out ] || return 0
	grep -c '^unreferenced object' /tmp/kmemleak.out | sed 's/^/# unreferenced objects: /'
	head -n 60 /tmp/kmemleak.out | sed 's/^/#   /'
	return 1
}

# With a simulated owner where the test build has one (lib.sh), so that
# transitional is available and covered too.
if type load_ours_sim > /dev/null 2>&1; then
	check "our modules are loaded, $D with a simulated owner" load_ours_sim $D
else
	check "our modules are loaded" load_ours
fi
diag "uptime $(cut -d' ' -f1 /proc/uptime) s"
if kmemleak_scan; then
	pass "kmemleak: no leak before the cycles (boot and the tests before this one)"
else
	fail "kmemleak: no leak before the cycles (boot and the tests before this one)"
fi
echo clear > $KML
diag "uptime $(cut -d' ' -f1 /proc/uptime) s"

# select DRIVER PROFILE: bind $D to DRIVER in PROFILE, through the configfs
# policy where the profile core has one, else by writing current.
select_bound() {
	bind_to $D $1 || return 1
	if [ ! -d $POLICY ]; then
		sysfs-write $(vfio_dev $D)/profiles/current "$2" | grep -q '^ok' || return 1
	fi
	[ "$(cat $(vfio_dev $D)/profiles/current)" = "$2" ]
}

CFS=/sys/kernel/config/vfio_profile
POLICY=$CFS/$D
cdev=
[ -c /dev/iommu ] && ls /sys/class/iommu/* > /dev/null 2>&1 && cdev=--cdev
for drv in $OURS $SAMPLE; do
	bind_to $D $drv || { fail "$drv: bind $D"; continue; }
	profiles=$(cat $(vfio_dev $D)/profiles/available)
	diag "$drv: available profiles: $profiles"
	n=$N
	[ $drv = $SAMPLE ] && n=$N_SAMPLE
	for p in $profiles; do
		if [ -d $CFS ]; then
			mkdir -p $POLICY && echo $p > $POLICY/profile
		fi
		bad=
		for i in $(seq $n); do
			select_bound $drv $p || bad="$bad bind$i"
			unbind $D
		done
		is "$bad" "" "$drv/$p: $n bind/unbind cycles"
		diag "uptime $(cut -d' ' -f1 /proc/uptime) s"

		select_bound $drv $p || fail "$drv/$p: bind for the open cycles"
		bad=
		for i in $(seq $n); do
			how=
			[ $((i % 2)) = 0 ] && how=$cdev
			out=$(vfio-client $how $D read config 0 2 2>&1)
			[ "$out" = 0x1af4 ] || bad="$bad open$i${how:+(cdev)}:$out"
		done
		is "$bad" "" "$drv/$p: $n open/close cycles${cdev:+ (group and cdev alternating)}"
		diag "uptime $(cut -d' ' -f1 /proc/uptime) s"
		unbind $D
		[ -d $POLICY ] && rmdir $POLICY
	done
done

# Unloading frees what the modules hold for their lifetime: scan after it.
check "our modules unload" unload_ours
if kmemleak_scan; then
	pass "kmemleak: no leak after the cycles and unloading our modules"
else
	fail "kmemleak: no leak after the cycles and unloading our modules"
fi
check "our modules load again" load_ours
check "$D back on virtio-pci" bind_to $D virtio-pci
