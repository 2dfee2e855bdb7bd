#!/bin/bash
# Every DEV form resolves to the same device; bad DEV strings are usage
# errors (exit 2) with one line; missing devices are errors (exit 1).
. "$(dirname "$0")/lib.sh"
std_tree
# A vfio-dev device whose parent is not PCI (platform device).
mkdir -p "$R/sys/devices/platform/foo.0/vfio-dev/vfio9/profiles"
ln -s ../../../foo.0 "$R/sys/devices/platform/foo.0/vfio-dev/vfio9/device"
ln -s ../../devices/platform/foo.0/vfio-dev/vfio9 "$R/sys/class/vfio-dev/vfio9"
echo native >"$R/sys/devices/platform/foo.0/vfio-dev/vfio9/profiles/available"

for dev in 0000:01:00.0 01:00.0 0000:01:00.0 0000:01:00.0 vfio0 \
	/sys/bus/pci/devices/0000:01:00.0 /sys/bus/pci/devices/0000:01:00.0/ \
	/sys/devices/pci0000:00/0000:01:00.0 /sys/class/vfio-dev/vfio0 \
	/sys/bus/pci/devices/0000:01:00.0/vfio-dev/vfio0 \
	/sys/bus/pci/devices/0000:01:00.0/vfio-dev/vfio0/device \
	/sys/bus/pci/drivers/virtio_vfio_profile/../../devices/0000:01:00.0; do
	run show -J "$dev"
	is "$(printf '%s' "$OUT" | jq -r '.devices[0] | "\(.device) \(.vfio_dev)"')" "0000:01:00.0 vfio0" "DEV $dev resolves to 0000:01:00.0"
done
run show -J 0000:0A:00.0
is "$(printf '%s' "$OUT" | jq -r '.devices[0].device' 2>/dev/null)$ERR" \
	"vfio-profilectl: 0000:0a:00.0: no such PCI device, and no definition" "upper-case hex is normalised"

U="expected a PCI address (0000:01:00.0 or 01:00.0), vfioN or a /sys/... path"
while IFS= read -r bad; do
	run show "$bad"
	q=$(printf '%s' "$bad" | sed "s/'/\\\\x27/g")
	expect 2 "" "vfio-profilectl: invalid device '$q': $U" "bad DEV '$bad' is a usage error"
done <<'LIST'

0000:01:00
1:00.0
0000:01:00.8
0000:01:20.0
0000:01:00.0 
 01:00.0
000:01:00.0
vfio
vfio01
vfio-1
VFIO0
vfio99999999999
01-00.0
../sys/bus/pci/devices/0000:01:00.0
sys/bus/pci/devices/0000:01:00.0
/etc/passwd
/dev/vfio/11
0000:01:00.0'; rm -rf /
-
LIST
run show "$(printf 'x%.0s' {1..5000})"
like "$ERR" "^vfio-profilectl: invalid device 'xxxx.*\.\.\.'" "very long DEV is cut in the message"
ok $(( RC != 2 )) "very long DEV is a usage error"
run show "/sys/$(printf 'x%.0s' {1..5000})"
ok $(( RC != 2 )) "very long /sys path is a usage error"
run show "$(printf '01:00.0\001')"; ok $(( RC != 2 )) "DEV with a control byte is a usage error"

run show vfio7; expect 1 "" "vfio-profilectl: vfio7: no such vfio device" "vfioN that does not exist"
run show vfio9; expect 1 "" "vfio-profilectl: vfio9: parent device 'foo.0' is not a PCI device" "vfioN with a non-PCI parent"
run show /sys/bus/pci/devices/0000:09:00.0
expect 1 "" "vfio-profilectl: '/sys/bus/pci/devices/0000:09:00.0': no such device path: No such file or directory" "missing sysfs path"
run show /sys/bus/pci; expect 1 "" "vfio-profilectl: '/sys/bus/pci': not a PCI device or vfio-dev directory" "sysfs path that is no device"
ln -s /etc "$R/sys/escape"
run show /sys/escape; expect 1 "" "vfio-profilectl: '/sys/escape': path leads outside /sys" "sysfs symlink leaving the root is refused"
run set 07:00.0 native; expect 1 "" "vfio-profilectl: 0000:07:00.0: no such PCI device" "set on a missing device"
run undefine 07:00.0; expect 1 "" "vfio-profilectl: 0000:07:00.0: no definition" "undefine on a missing device"
is "$(stores)" "" "nothing was written"
done_testing
