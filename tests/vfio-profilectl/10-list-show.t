#!/bin/bash
# list and show against the standard fake tree: golden table and JSON.
. "$(dirname "$0")/lib.sh"
std_tree

run list; ok $RC "list exits 0"; is "$ERR" "" "list prints no error"; golden list.txt
run list -n; golden list-noheadings.txt
run list -J; ok $RC "list -J exits 0"; golden list.json
if command -v jq >/dev/null; then
	printf '%s' "$OUT" | jq -e . >/dev/null; ok $? "list -J is valid JSON"
	is "$(printf '%s' "$OUT" | jq -r '.devices[].device' | tr '\n' ' ')" \
		"0000:01:00.0 0000:01:00.1 0000:02:00.0 0000:03:00.0 0000:04:00.0 " \
		"list: devices with profiles plus definitions, sorted; 05:00.0/06:00.0 left out"
	is "$(printf '%s' "$OUT" | jq -c '[.devices[] | {device, in_use, holder_pid, holder_comm}]')" \
		'[{"device":"0000:01:00.0","in_use":false,"holder_pid":null,"holder_comm":null},{"device":"0000:01:00.1","in_use":false,"holder_pid":null,"holder_comm":null},{"device":"0000:02:00.0","in_use":true,"holder_pid":4242,"holder_comm":"qemu-system-x86"},{"device":"0000:03:00.0","in_use":null,"holder_pid":null,"holder_comm":null},{"device":"0000:04:00.0","in_use":false,"holder_pid":null,"holder_comm":null}]' \
		"JSON in_use/holder fields typed as documented"
	is "$(printf '%s' "$OUT" | jq -c '.devices[0] | keys_unsorted')" \
		'["device","vfio_dev","driver","iommu_group","available","current","defined","policy","in_use","holders","holder_pid","holder_comm","rule","rule_kind","probe"]' \
		"JSON keys in the documented order"
	is "$(printf '%s' "$OUT" | jq -c '[.devices[] | .available]')" \
		'[["native","transitional"],["native"],["native","transitional"],null,null]' \
		"JSON available: an array of names, null without profiles/"
else
	for i in 1 2 3 4 5; do skip "jq not installed"; done
fi

for d in 0000:01:00.0 01:00.1 vfio2 03:00.0 04:00.0 05:00.0 06:00.0; do
	run show $d; ok $RC "show $d exits 0"
	golden "show-${d//:/_}.txt"
done
run show -J 0000:02:00.0; golden show-02_00.0.json
run show 07:00.0; expect 1 "" "vfio-profilectl: 0000:07:00.0: no such PCI device, and no definition" "show of a device that does not exist"

# More than one holder, a holder through the iommufd cdev, and a comm
# with terminal escapes (must not reach the terminal raw).
add_proc 5000 "$(printf 'evil\033[2J')" /dev/vfio/devices/vfio0
add_proc 5001 qemu-kvm "$R/dev/vfio/11" /dev/vfio/11
run list; golden list-holders.txt
run show -J vfio0
like "$OUT" '"holders": 2' "two processes hold vfio0 (group 11 and cdev vfio0)"
like "$OUT" '"holder_comm": "evil\?\[2J"' "control characters in comm are replaced"

# Empty trees.
mkroot
run list; expect 0 "" "" "list on a tree without devices prints nothing"
run list -J; ok $RC "list -J on an empty tree exits 0"
is "$(printf '%s' "$OUT" | jq -c .)" '{"devices":[]}' "list -J on an empty tree prints an empty array"
rm -rf "$R/sys/class/vfio-dev" "$R/proc"
run list; expect 0 "" "" "list copes without /sys/class/vfio-dev and /proc"
done_testing
