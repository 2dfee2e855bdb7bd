# Both modules load, register their driver and claim nothing by themselves.
. /tests/lib.sh

check "three modern virtio-net devices are present" test -n "$DEV3"
check "vfio_profile loads" insmod /lib/modules/extra/vfio_profile.ko
check "virtio_vfio_profile loads" insmod /lib/modules/extra/virtio_vfio_profile.ko
check "the PCI driver virtio_vfio_profile is registered" test -d /sys/bus/pci/drivers/$OURS
check "vfio_profile_sample (test driver) loads" insmod /lib/modules/extra/vfio_profile_sample.ko
is "$(driver_of $DEV1) $(driver_of $DEV2) $(driver_of $DEV3)" \
   "virtio-pci virtio-pci virtio-pci" "override-only: no device was taken automatically"
