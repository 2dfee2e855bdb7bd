# Selectors in the configfs policy (id-<vendor>:<device>, pf-<PF>) decided
# at probe, their precedence, profiles/source; then the same through
# vfio-profilectl with real udev, check and export/import.  The stock VM's
# devices are not VFs: PF selectors on real VFs are in owner/60-selectors.sh.
. /tests/lib.sh

CFS=/sys/kernel/config/vfio_profile
VPC=/usr/sbin/vfio-profilectl
check "reload with a simulated owner for $DEV1 and $DEV2" load_ours_sim $DEV1 $DEV2
ID=$(sed 's/^0x//' /sys/bus/pci/devices/$DEV1/vendor):$(sed 's/^0x//' /sys/bus/pci/devices/$DEV1/device)
is "$ID" 1af4:1041 "the stock devices are virtio-net (1af4:1041)"

kmsg_mark
bad=
for name in id-1AF4:1041 id-1af4:041 id-1af4:10410 id-0x1af4:1041 id- pf-01:00.0 pf-0000:01:00.8 \
	    pf- PF-0000:01:00.0 vf-0000:01:00.0; do
	if mkdir $CFS/$name 2> /tmp/mk.err; then
		bad="$bad $name:created"
		rmdir $CFS/$name
	elif ! grep -q 'Invalid argument' /tmp/mk.err; then
		bad="$bad $name:$(cat /tmp/mk.err)"
	fi
done
is "$bad" "" "mkdir of a malformed selector fails with EINVAL (10 forms)"
is "$(dmesg_since_mark | grep -c "configfs: '.*' is not")" 10 "each refused name is logged once"

check "mkdir id-$ID" mkdir $CFS/id-$ID
bind_to $DEV3 $OURS
is "$(cat $(vfio_dev $DEV3)/profiles/source)" "baseline native" "an ID item without a profile matches nothing"
unbind $DEV3
echo transitional > $CFS/id-$ID/profile
check "mkdir pf-$DEV3 (a device that is no PF)" mkdir $CFS/pf-$DEV3
echo native > $CFS/pf-$DEV3/profile
check "mkdir $DEV2 (exact)" mkdir $CFS/$DEV2
echo native > $CFS/$DEV2/profile

kmsg_mark
bind_to $DEV1 $OURS
bind_to $DEV2 $OURS
bind_to $DEV3 $OURS
# No sleep and no udev: decided inside probe.
is "$(cat $(vfio_dev $DEV1)/profiles/current)" transitional "ID selector: $DEV1 transitional at bind"
is "$(cat $(vfio_dev $DEV1)/profiles/source)" "id-$ID transitional" "profiles/source names the ID item"
is "$(vfio-client $DEV1 read config 2 2)" 0x1000 "the first open sees the transitional device"
is "$(cat $(vfio_dev $DEV2)/profiles/current)" native "exact item beats the ID selector"
is "$(cat $(vfio_dev $DEV2)/profiles/source)" "$DEV2 native" "profiles/source names the exact item"
is "$(cat $(vfio_dev $DEV3)/profiles/current)" native "ID selector naming a profile $DEV3 cannot use: native"
is "$(cat $(vfio_dev $DEV3)/profiles/source)" "id-$ID transitional" "profiles/source still names the rule (current shows the outcome)"
dmesg_since_mark > /tmp/dm
check "probe logged the ID selector" grep -q "$DEV1: profile transitional selected by configfs policy id-$ID" /tmp/dm
check "the refused selector is logged with its item" \
	grep -q "$DEV3: configfs policy profile=transitional is not available on this device; using native (item id-$ID)" /tmp/dm
set_profile $DEV1 native
is "$(cat $(vfio_dev $DEV1)/profiles/source)" "id-$ID transitional" "a later write to current does not change source"
is "$(sysfs-write $(vfio_dev $DEV1)/profiles/source 'x\n')" "error EACCES" "profiles/source is read-only"
for d in $DEV1 $DEV2 $DEV3; do unbind $d; done
rmdir $CFS/id-$ID $CFS/pf-$DEV3 $CFS/$DEV2

# default_profile sits below the selectors.
check "unload our modules" unload_ours
check "load with default_profile=transitional" load_ours default_profile=transitional
bind_to $DEV1 $OURS
is "$(cat $(vfio_dev $DEV1)/profiles/source)" "default_profile transitional" "no item: default_profile decides (source says so)"
unbind $DEV1
mkdir $CFS/id-$ID && echo native > $CFS/id-$ID/profile
bind_to $DEV1 $OURS
is "$(cat $(vfio_dev $DEV1)/profiles/source)" "id-$ID native" "an ID selector beats default_profile"
unbind $DEV1
rmdir $CFS/id-$ID

# The tool with real udev: a selector definition reaches configfs when the
# module loads, and is in force at bind.
rm -rf /etc/vfio-profile.d /run/udev
check "systemd-udevd starts with our rules" /lib/systemd/systemd-udevd --daemon --resolve-names=never
settle() { udevadm settle -t 10; }
check "unload our modules" unload_ours
is "$($VPC define id-$ID transitional 2>&1; echo rc=$?)" "rc=0" "vfio-profilectl define id-$ID transitional (module not loaded)"
is "$($VPC define $DEV2 native 2>&1; echo rc=$?)" "rc=0" "vfio-profilectl define $DEV2 native"
is "$(cat /etc/vfio-profile.d/id-$ID)" "profile=transitional" "the selector is persisted"
check "load our modules with a simulated owner for $DEV1 and $DEV2" load_ours_sim $DEV1 $DEV2
settle
is "$(cat $CFS/id-$ID/profile 2>/dev/null)" transitional "udev synced the selector into configfs when the module loaded"
bind_to $DEV1 $OURS
bind_to $DEV2 $OURS
is "$(vfio-client $DEV1 read config 2 2)" 0x1000 "$DEV1: bind then open at once: transitional"
is "$(cat $(vfio_dev $DEV2)/profiles/current)" native "$DEV2: its exact definition wins"
$VPC show $DEV1 > /tmp/show.out 2>&1
check "show says which definition applies and why" grep -q "RULE.*id-$ID (ID selector: every $ID device (no exact or PF definition))" /tmp/show.out
check "show gives what decided at probe" grep -q "PROBE.*id-$ID transitional" /tmp/show.out
settle
is "$($VPC check 2>&1 | tail -n 1; echo rc=$?)" "no drift: 2 devices have their defined profile
rc=0" "check: no drift"
set_profile $DEV1 native
$VPC check > /tmp/drift.out 2>&1
is "$?" 5 "check after a manual change: exit 5"
check "check names the device and the reason" grep -q "^$DEV1 native *transitional *id-$ID *pending" /tmp/drift.out
$VPC check --textfile /tmp/vfio-profile.prom > /dev/null 2>&1
check "the textfile says the device drifted" grep -qx "vfio_profile_drift{device=\"$DEV1\"} 1" /tmp/vfio-profile.prom
$VPC export > /tmp/role.json
is "$(grep -c '"match"' /tmp/role.json)" 2 "export: both definitions"
printf '{"version": 1, "definitions": [{"match": "id-%s", "profile": "native"}]}\n' "$ID" > /tmp/new.json
is "$($VPC import /tmp/new.json 2>&1; echo rc=$?)" "imported 1 definitions from '/tmp/new.json': 0 added, 1 changed, 1 removed
rc=0" "import replaces the set"
is "$(ls $CFS | tr '\n' ' ')" "id-$ID " "configfs follows the imported set"
is "$($VPC import /tmp/new.json 2>&1; echo rc=$?)" "no change: the 1 definitions of '/tmp/new.json' are already in place
rc=0" "a second import changes nothing"
is "$($VPC check 2>&1 | tail -n 1; echo rc=$?)" "no drift: 2 devices have their defined profile
rc=0" "after import: no drift"
udevadm control --exit
unbind $DEV1; unbind $DEV2
rm -rf /etc/vfio-profile.d
rmdir $CFS/* 2>/dev/null
check "our modules unload" unload_ours
