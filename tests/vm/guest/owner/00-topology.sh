# The real-owner testbed (tests/qemu/): two virtio-net SR-IOV PFs, pf1 with
# the virtio admin queue and 4 VFs, pf2 without it and 1 VF.  Linux's own
# virtio-pci drives the PFs; the VFs are created as an operator does, with
# driver autoprobe off so that nothing else binds them.
. /tests/lib.sh

check "load virtio_net for the PFs" load_net_modules

pfs=
for d in /sys/bus/pci/devices/*; do
	[ -e $d/sriov_totalvfs ] || continue
	[ "$(cat $d/vendor):$(cat $d/device)" = 0x1af4:0x1041 ] && pfs="$pfs ${d##*/}"
done
set -- $pfs
PF1=$1 PF2=$2
is "$#" 2 "two virtio-net SR-IOV PFs ($pfs)"
is "$(driver_of $PF1) $(driver_of $PF2)" "virtio-pci virtio-pci" "Linux's virtio-pci drives both PFs"
P1=/sys/bus/pci/devices/$PF1 P2=/sys/bus/pci/devices/$PF2
is "$(cat $P1/sriov_totalvfs) $(cat $P2/sriov_totalvfs)" "4 1" "the PFs offer 4 and 1 VFs"
echo 0 > $P1/sriov_drivers_autoprobe
echo 0 > $P2/sriov_drivers_autoprobe
check "echo 4 > sriov_numvfs of $PF1" sh -c "echo 4 > $P1/sriov_numvfs"
check "echo 1 > sriov_numvfs of $PF2" sh -c "echo 1 > $P2/sriov_numvfs"

vfs=
for i in 0 1 2 3; do
	[ -e $P1/virtfn$i ] && vfs="$vfs $(basename $(readlink $P1/virtfn$i))"
done
set -- $vfs
is "$#" 4 "$PF1 has 4 VFs ($vfs)"
PF2VF=$(basename $(readlink $P2/virtfn0) 2> /dev/null)
check "$PF2 has its VF ($PF2VF)" test -n "$PF2VF"
for v in $vfs $PF2VF; do
	d=/sys/bus/pci/devices/$v
	is "$(cat $d/vendor):$(cat $d/device) $(driver_of $v)" "0x1af4:0x1041 none" \
	   "VF $v is a modern virtio-net device, unbound"
done
for v in $vfs; do
	is "$(basename $(readlink /sys/bus/pci/devices/$v/physfn))" $PF1 "VF $v: physfn is $PF1"
done
groups=$(for v in $PF1 $vfs; do iommu_group $v; done | sort -u | wc -l)
is "$groups" 5 "the PF and each VF have IOMMU groups of their own"

echo $vfs > /run/devs
echo $PF1 > /run/pf1
echo $PF2VF > /run/pf2vf
