# Binding through driver_override gives a vfio device with profiles/ at once.
. /tests/lib.sh

check "bind $DEV1 to $OURS (driver_override + drivers_probe)" bind_to $DEV1 $OURS
# No sleep: drivers_probe returns after probe, and the files must exist then.
v=$(vfio_dev $DEV1)
check "vfio-dev device exists right after bind" test -n "$v"
check "profiles/available exists right after bind" test -f $v/profiles/available
check "profiles/current exists right after bind" test -f $v/profiles/current
check "group node /dev/vfio/$(iommu_group $DEV1) exists" test -c /dev/vfio/$(iommu_group $DEV1)
is "$(cat $v/profiles/available)" "native" "available is 'native' (transitional unavailable here)"
is "$(cat $v/profiles/current)" "native" "current is 'native' by default"
is "$(stat -c '%a %u' $v/profiles/current) $(stat -c '%a %u' $v/profiles/available)" \
   "644 0 444 0" "current is 0644 and available 0444, both owned by root"
is "$(ls $v/profiles | tr '\n' ' ')" "available current source " "profiles/ holds exactly available, current and source"
is "$(stat -c %a $v/profiles/source)" 444 "source is 0444"
