# The configfs pre-probe policy: names, values, and what probe does with it.
. /tests/lib.sh

CFS=/sys/kernel/config/vfio_profile
check "reload with a simulated owner for $DEV1 and $DEV2" load_ours_sim $DEV1 $DEV2
check "the configfs policy directory exists" test -d $CFS

kmsg_mark
bad=
for name in 01:00.0 0000:01:00.0x 0000:0A:00.0 0000:01:20.0 0000:01:00.8 00000:01:00.0 0000:01:00 foo; do
	if mkdir $CFS/$name 2> /tmp/mk.err; then
		bad="$bad $name:created"
		rmdir $CFS/$name
	elif ! grep -q 'Invalid argument' /tmp/mk.err; then
		bad="$bad $name:$(cat /tmp/mk.err)"
	fi
done
is "$bad" "" "mkdir of a non-canonical address fails with EINVAL (8 forms)"
is "$(dmesg_since_mark | grep -c 'is not a canonical PCI address (dddd:bb:dd.f)')" 8 \
   "each refused name is logged once"

check "mkdir $DEV1" mkdir $CFS/$DEV1
is "$(cat $CFS/$DEV1/profile)" "" "a new policy names no profile"
is "$(sysfs-write $CFS/$DEV1/profile 'Bad\n')" "error EINVAL" "policy: an ill-formed name is EINVAL"
is "$(sysfs-write $CFS/$DEV1/profile 'transitional \n')" "error EINVAL" "policy: trailing space is EINVAL"
is "$(sysfs-write $CFS/$DEV1/profile 'transitional\n')" "ok 13" "policy: transitional"
is "$(cat $CFS/$DEV1/profile)" transitional "the policy reads back"

kmsg_mark
bind_to $DEV1 $OURS
# No sleep and no udev: the profile must be in force when bind returns.
is "$(cat $(vfio_dev $DEV1)/profiles/current)" transitional "bind: probe applied the policy"
is "$(vfio-client $DEV1 read config 2 2)" 0x1000 "the first open sees the transitional device"
check "probe logged the policy" sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV1: profile transitional selected by configfs policy'"

mkdir $CFS/$DEV3 && echo transitional > $CFS/$DEV3/profile
mkdir $CFS/$DEV2 && echo alternate > $CFS/$DEV2/profile
kmsg_mark
bind_to $DEV3 $OURS
bind_to $DEV2 $OURS
is "$(cat $(vfio_dev $DEV3)/profiles/current)" native "a policy the device cannot use: native"
check "...and the log names the device and why" sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV3: configfs policy profile=transitional is not available on this device; using native'"
is "$(cat $(vfio_dev $DEV2)/profiles/current)" native "a policy naming another driver's profile: native"
check "...and the log says so" sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV2: configfs policy profile=alternate is not a profile of this driver; using native'"

rmdir $CFS/$DEV1
is "$(cat $(vfio_dev $DEV1)/profiles/current)" transitional "removing the policy leaves the bound device as it is"
for d in $DEV1 $DEV2 $DEV3; do unbind $d; done
rmmod vfio_profile_sample
rmmod virtio_vfio_profile
check "the profile core cannot unload while policies exist" sh -c '! rmmod vfio_profile 2>/dev/null'
rmdir $CFS/*
check "and can once they are removed" rmmod vfio_profile
