# The kernel stayed healthy and everything unloads cleanly.
. /tests/lib.sh

check "our modules unload after all tests" unload_ours
for d in $DEV1 $DEV2 $DEV3; do bind_to $d virtio-pci; done
is "$(driver_of $DEV1) $(driver_of $DEV2) $(driver_of $DEV3)" \
   "virtio-pci virtio-pci virtio-pci" "every device goes back to virtio-pci"
check_dmesg_clean
