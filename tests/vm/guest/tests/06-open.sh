# While the vfio device is open no change is possible; the same name is fine.
. /tests/lib.sh

cur=$(vfio_dev $DEV1)/profiles/current
check "hold $DEV1 open through the VFIO group API" hold_open $DEV1
is "$(sysfs-write $cur 'native\n')" "ok 7" "open: writing the current name succeeds"
is "$(sysfs-write $cur 'bogus\n')" "error EINVAL" "open: unknown name is still EINVAL (checked first)"
is "$(sysfs-write $cur 'transitional\n')" "error EBUSY" "open: another profile gives EBUSY"
is "$(cat $cur)" native "open: current unchanged"
release_hold
is "$(sysfs-write $cur 'transitional\n')" "error EOPNOTSUPP" "after close: EOPNOTSUPP (transitional unavailable)"
is "$(cat $cur)" native "after close: current unchanged"
is "$(cat /tmp/hold.out)" "" "the holding client reported no error"
