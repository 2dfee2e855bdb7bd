# vfio_profile.default_profile is honoured where available, else ignored
# with a log line; an invalid name refuses to load.
. /tests/lib.sh

check "unload our modules" unload_ours
kmsg_mark
check "load with default_profile=alternate" load_ours default_profile=alternate
bind_to $DEV2 $SAMPLE
is "$(cat $(vfio_dev $DEV2)/profiles/current)" alternate "sample driver starts in alternate"
bind_to $DEV1 $OURS
is "$(cat $(vfio_dev $DEV1)/profiles/current)" native "virtio driver has no alternate: native"
check "the ignored default is logged, naming the device" \
	sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV1: default_profile=alternate is not a profile of this driver; using native'"

check "unload our modules" unload_ours
kmsg_mark
check "load with default_profile=transitional" load_ours default_profile=transitional
bind_to $DEV1 $OURS
is "$(cat $(vfio_dev $DEV1)/profiles/current)" native "transitional unavailable: native"
check "the unavailable default is logged, naming the device" \
	sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q '$DEV1: default_profile=transitional is not available on this device; using native'"
bind_to $DEV2 $SAMPLE
is "$(cat $(vfio_dev $DEV2)/profiles/current)" native "sample driver has no transitional: native"

check "unload our modules" unload_ours
kmsg_mark
check "an invalid default_profile name refuses to load" \
	sh -c '! insmod /lib/modules/extra/vfio_profile.ko default_profile=Bad 2>/dev/null'
check "and says why" sh -c "dmesg | sed -n '/$KMSG_MARK/,\$p' | grep -q 'vfio_profile: default_profile=Bad is not a valid profile name'"
check "load without parameters again" load_ours
