# A PF selector covers VFs created later with sriov_numvfs: on real VFs of
# the testbed PF, the profile is in force at probe, before the first open,
# with no udev and no sleep (what libvirt's managed bind and driverctl
# rely on).  An exact item still wins for its VF; the PF selector beats an
# ID selector.
. /tests/lib.sh
PF1=$(cat /run/pf1)
P1=/sys/bus/pci/devices/$PF1
CFS=/sys/kernel/config/vfio_profile

for v in $(cat /run/devs); do unbind $v; done
check "remove the VFs of $PF1 (sriov_numvfs 0)" sh -c "echo 0 > $P1/sriov_numvfs"
[ -d /sys/module/virtio_vfio_profile ] || load_ours_release
check "mkdir pf-$PF1" mkdir $CFS/pf-$PF1
echo transitional > $CFS/pf-$PF1/profile
check "mkdir id-1af4:1041" mkdir $CFS/id-1af4:1041
echo native > $CFS/id-1af4:1041/profile

kmsg_mark
check "create 4 VFs (echo 4 > sriov_numvfs) after the selector" sh -c "echo 4 > $P1/sriov_numvfs"
vfs=
for i in 0 1 2 3; do
	[ -e $P1/virtfn$i ] && vfs="$vfs $(basename $(readlink $P1/virtfn$i))"
done
set -- $vfs
is "$#" 4 "4 new VFs ($vfs)"
LAST=$4
check "mkdir $LAST (an exact item for one VF)" mkdir $CFS/$LAST
echo native > $CFS/$LAST/profile

inforce=0
for v in $vfs; do
	bind_to $v $OURS
	want=transitional id=0x1000
	[ $v = $LAST ] && want=native id=0x1041
	# First open right after bind: no udev, no sleep.
	got=$(vfio-client $v read config 2 2)
	[ "$got" = $id ] && [ "$(cat $(vfio_dev $v)/profiles/current)" = $want ] && inforce=$((inforce + 1))
done
is "$inforce" 4 "every new VF had its profile before its first open (4/4)"
for v in $1 $2 $3; do
	is "$(cat $(vfio_dev $v)/profiles/source)" "pf-$PF1 transitional" "VF $v: profiles/source names the PF selector (beats the ID selector)"
done
is "$(cat $(vfio_dev $LAST)/profiles/source)" "$LAST native" "VF $LAST: the exact item beats the PF selector"
check "probe logged the PF selector" sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$1: profile transitional selected by configfs policy pf-$PF1'"
is "$(driver_of $PF1)" virtio-pci "the PF itself stays with virtio-pci"

for v in $vfs; do unbind $v; done
rmdir $CFS/pf-$PF1 $CFS/id-1af4:1041 $CFS/$LAST
# The same VFs again for the health check.
echo $vfs > /run/devs
