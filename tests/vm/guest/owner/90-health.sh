# After all of it: our modules unload, the VFs go away cleanly, the PF still
# works, and the kernel log is clean.
. /tests/lib.sh
PF1=$(cat /run/pf1)

check "our modules unload" unload_ours
check "the VFs can be removed (sriov_numvfs 0)" sh -c "echo 0 > /sys/bus/pci/devices/$PF1/sriov_numvfs"
is "$(driver_of $PF1)" virtio-pci "the PF is still driven by virtio-pci"
check_dmesg_clean
grep -iE 'virtio|admin' /tmp/dmesg.all | grep -viE 'vfio-profile-mark|vmtest-mark' | tail -n 20 | sed 's/^/# dmesg: /'
