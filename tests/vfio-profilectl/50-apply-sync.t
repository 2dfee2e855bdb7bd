#!/bin/bash
# apply (what udev runs) and sync (definitions -> configfs).
. "$(dirname "$0")/lib.sh"
std_tree

run apply vfio0; expect 0 "" "" "apply DEV is quiet on success"
is "$(current_of vfio0)" transitional "apply set the defined profile"
: >"$FAKEKERNEL_LOG"
run apply vfio0; expect 0 "" "" "apply again succeeds"
is "$(stores)" "" "...without any write (idempotent)"
run apply /sys/devices/pci0000:00/0000:01:00.0/vfio-dev/vfio0; expect 0 "" "" "apply with the udev sysfs path"
run apply 01:00.1; expect 0 "" "" "apply with no definition: nothing to do, quiet"
run apply 03:00.0; expect 0 "" "" "apply of a defined but absent device: quiet"
run apply 04:00.0; expect 0 "" "" "apply of a defined device without profiles: quiet"
run apply 06:00.0; expect 0 "" "" "apply of an unbound device: quiet"
is "$(stores)" "" "none of them wrote"

add_def 0000:02:00.0 native
run apply 02:00.0
expect 3 "" "vfio-profilectl: 0000:02:00.0: device is open (qemu-system-x86, pid 4242); profile not changed" "apply on an open device: exit 3"
add_def 0000:01:00.1 transitional
run apply 01:00.1
expect 1 "" "vfio-profilectl: 0000:01:00.1: defined profile 'transitional' is not available on this device (available: native); profile not changed" "apply of an unavailable definition"
echo EINVAL >"$(vfio_dir vfio1)/profiles/current.errno"
run apply 01:00.1
expect 1 "" "vfio-profilectl: 0000:01:00.1: defined profile 'transitional' is unknown to the kernel (available: native)" "apply of a definition unknown to the kernel"
rm "$(vfio_dir vfio1)/profiles/current.errno"

# --all: every definition, worst exit code wins (error > busy > ok).
echo native >"$(vfio_dir vfio0)/profiles/current"
run apply --all
expect 1 "" "vfio-profilectl: 0000:01:00.1: defined profile 'transitional' is not available on this device (available: native); profile not changed
vfio-profilectl: 0000:02:00.0: device is open (qemu-system-x86, pid 4242); profile not changed" "apply --all reports each failure, exit 1"
is "$(current_of vfio0)" transitional "apply --all still applied the good ones"
rm "$(def_file 0000:01:00.1)"
run apply --all; ok $(( RC != 3 )) "apply --all with only a busy device exits 3"
rm "$(def_file 0000:02:00.0)"
run apply --all; expect 0 "" "" "apply --all with nothing to do is quiet"
rm -rf "$R/etc/vfio-profile.d"
run apply --all; expect 0 "" "" "apply --all without a config directory"
run apply vfio0; expect 0 "" "" "apply DEV without a config directory"
ok $([ ! -e "$R/etc/vfio-profile.d" ]; echo $?) "apply does not create /etc/vfio-profile.d"

# sync
std_tree
cfs_item 0000:07:00.0 native       # stale: no definition
cfs_item 0000:03:00.0 native       # outdated: defined transitional
mkdir "$R/sys/kernel/config/vfio_profile/not-a-bdf"
run sync; expect 0 "" "" "sync is quiet"
is "$(ls "$R/sys/kernel/config/vfio_profile" | tr '\n' ' ')" "0000:01:00.0 0000:03:00.0 0000:04:00.0 not-a-bdf " "sync created, kept and removed items"
is "$(cfs_of 0000:03:00.0) $(cfs_of 0000:04:00.0)" "transitional native" "sync updated the policies"
is "$(current_of vfio0)" native "sync never touches current"
: >"$FAKEKERNEL_LOG"
run sync; expect 0 "" "" "sync again"
is "$(stores)" "" "...writes nothing (idempotent)"
printf 'profile=native\nfoo=1\n' >"$(def_file 0000:03:00.0)"
run sync
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d/pci-0000:03:00.0:2: unknown key 'foo'" "sync reports a corrupt definition"
is "$(cfs_of 0000:03:00.0)" transitional "...and leaves its policy alone"
rm -rf "$R/sys/kernel/config"
run sync
expect 1 "" "vfio-profilectl: /sys/kernel/config/vfio_profile not found (is the vfio_profile module loaded and configfs mounted?)" "sync without configfs"
t0=$(date +%s%N)
run sync --wait=1
t1=$(date +%s%N)
expect 1 "" "vfio-profilectl: /sys/kernel/config/vfio_profile not found (is the vfio_profile module loaded and configfs mounted?)" "sync --wait=1 without configfs gives up"
ok $(( (t1 - t0) / 1000000 < 900 )) "...after waiting about a second"
rm -f "$(def_file 0000:03:00.0)"	# the corrupt definition from above
(sleep 0.5; mk_configfs) &
run sync --wait=5
wait
expect 0 "" "" "sync --wait succeeds once the configfs directory appears (the module loads)"
run list --wait; expect 2 "" "vfio-profilectl: --wait only goes with sync, not 'list' (see 'vfio-profilectl --help')" "--wait only with sync"
run sync --wait=-1; expect 2 "" "vfio-profilectl: --wait takes whole seconds from 0 to 600, not '-1' (see 'vfio-profilectl --help')" "--wait with a bad value"

# A dangling /etc/vfio-profile.d is an error that changes nothing, not
# "no definitions" (issue 13): sync would otherwise drop every policy.
std_tree
mv "$R/etc/vfio-profile.d" "$R/etc/vfio-profile.d.moved"
ln -s vfio-profile.d.gone "$R/etc/vfio-profile.d"
DANG="/etc/vfio-profile.d: No such file or directory (dangling symbolic link to 'vfio-profile.d.gone')"
before=$(ls "$R/sys/kernel/config/vfio_profile")
: >"$FAKEKERNEL_LOG"
run sync; expect 1 "" "vfio-profilectl: $DANG" "sync with a dangling definitions directory fails"
is "$(ls "$R/sys/kernel/config/vfio_profile")" "$before" "...and removes no configfs policy"
is "$(stores)" "" "...and writes nothing"
run apply --all; expect 1 "" "vfio-profilectl: $DANG" "apply --all with a dangling definitions directory fails"
echo native >"$(vfio_dir vfio0)/profiles/current"
run apply vfio0; expect 1 "" "vfio-profilectl: 0000:01:00.0: $DANG" "apply DEV with a dangling definitions directory fails, naming the device"
run list -n; ok $(( RC != 1 )) "list with a dangling definitions directory exits 1"
rm -rf "$R/etc"; ln -s nowhere "$R/etc"
run sync; expect 1 "" "vfio-profilectl: /etc: No such file or directory (dangling symbolic link to 'nowhere')" "sync with a dangling /etc fails too"
is "$(ls "$R/sys/kernel/config/vfio_profile")" "$before" "...and removes no configfs policy"
# A directory that does not exist at all still means "no definitions".
rm "$R/etc"; mkdir "$R/etc"
run sync; expect 0 "" "" "sync without /etc/vfio-profile.d: no definitions (documented)"
is "$(ls "$R/sys/kernel/config/vfio_profile" | tr '\n' ' ')" "" "...so no policies"
done_testing
