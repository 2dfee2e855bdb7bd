# Persistence end to end with real udev: definitions made with
# vfio-profilectl reach the kernel's policy when the module loads and are in
# force when a device binds, even when it is opened at once (as libvirt does).
. /tests/lib.sh

CFS=/sys/kernel/config/vfio_profile
VPC=/usr/sbin/vfio-profilectl
rm -rf /etc/vfio-profile.d /run/udev
check "systemd-udevd starts with our rules" /lib/systemd/systemd-udevd --daemon --resolve-names=never
settle() { udevadm settle -t 10; }

check "reload with a simulated owner for $DEV1 and $DEV2" load_ours_sim $DEV1 $DEV2
settle
is "$($VPC define $DEV1 transitional 2>&1; echo rc=$?)" "rc=0" "vfio-profilectl define $DEV1 transitional"
is "$(cat /etc/vfio-profile.d/pci-$DEV1)" "profile=transitional" "the definition is persisted"
is "$(cat $CFS/$DEV1/profile)" transitional "and pushed into the configfs policy"

bind_to $DEV1 $OURS
is "$(cat $(vfio_dev $DEV1)/profiles/current)" transitional "bind: the defined profile is in force, no manual step"

misses=0
for i in $(seq 50); do
	unbind $DEV1
	bind_to $DEV1 $OURS
	[ "$(vfio-client $DEV1 read config 2 2)" = 0x1000 ] || misses=$((misses + 1))
done
is "$misses" 0 "50 binds each followed at once by an open: 0 misses"
settle

bind_to $DEV2 $OURS
is "$($VPC set $DEV2 transitional --persist 2>&1; echo rc=$?)" "rc=0" "set $DEV2 transitional --persist"
is "$(cat $(vfio_dev $DEV2)/profiles/current)" transitional "set changed current"
unbind $DEV2
bind_to $DEV2 $OURS
is "$(cat $(vfio_dev $DEV2)/profiles/current)" transitional "set --persist survives unbind/rebind"

# A module reload empties configfs; udev's module rule syncs it back.
unbind $DEV1; unbind $DEV2
rmdir $CFS/* 2>/dev/null
check "unload our modules" unload_ours
check "load them again" load_ours_sim $DEV1 $DEV2
settle
is "$(cat $CFS/$DEV2/profile 2>/dev/null)" transitional "after the reload, udev synced the definitions into configfs"
bind_to $DEV2 $OURS
is "$(cat $(vfio_dev $DEV2)/profiles/current)" transitional "set --persist survives a module reload"

# Without a policy, udev's vfio-dev rule applies the definition after bind.
unbind $DEV2
rmdir $CFS/$DEV2
bind_to $DEV2 $OURS
settle
is "$(cat $(vfio_dev $DEV2)/profiles/current)" transitional "udev applied the definition on the vfio-dev add event"

is "$($VPC undefine $DEV1 2>&1; echo rc=$?)" "rc=0" "vfio-profilectl undefine $DEV1"
check "undefine removed the file" test ! -e /etc/vfio-profile.d/pci-$DEV1
check "undefine removed the policy" test ! -e $CFS/$DEV1
bind_to $DEV1 $OURS
settle
is "$(cat $(vfio_dev $DEV1)/profiles/current)" native "after undefine, a new bind stays native"

check "hold $DEV2 open" hold_open $DEV2
out=$($VPC set $DEV2 native 2>&1)
rc=$?
release_hold
is "$rc" 3 "set on an open device exits with the busy code"
case "$out" in
"vfio-profilectl: $DEV2: device is open"*"profile not changed") pass "and says the device is open" ;;
*) fail "and says the device is open" "got: $out" ;;
esac
$VPC list > /tmp/list.out 2>&1
check "vfio-profilectl list shows $DEV2 with its definition" grep -q "$DEV2.*transitional" /tmp/list.out
diag "$(head -n 4 /tmp/list.out | tr '\n' '|')"

udevadm control --exit
$VPC undefine $DEV2 > /dev/null 2>&1
rmdir $CFS/* 2>/dev/null
for d in $DEV1 $DEV2; do unbind $d; done
