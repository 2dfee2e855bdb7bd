#!/bin/bash
# Selector definitions: pf-<PF> and id-<vendor>:<device> files, their
# configfs items, the precedence (exact > PF > ID), and what list, show and
# apply say about which definition applies and why.
. "$(dirname "$0")/lib.sh"
sel_tree
D=$R/etc/vfio-profile.d
CFS=$R/sys/kernel/config/vfio_profile

run define pf-10:00.0 transitional; expect 0 "" "" "define pf-ADDRESS (short form) is quiet"
is "$(cat "$D/pf-0000:10:00.0")" "profile=transitional" "...written under its canonical name"
is "$(cfs_of pf-0000:10:00.0)" transitional "...configfs item pf-0000:10:00.0 pushed"
is "$(for v in vfio10 vfio11 vfio12 vfio13; do current_of $v; done | tr '\n' ' ')" \
   "transitional transitional transitional transitional " "...applied to every bound VF of the PF"
is "$(current_of vfio14)" native "...not to a device that is no VF of it"
run define pf-0000:10:00.0 transitional; expect 0 "" "" "define the same selector again"

run define id-1AF4:1041 native; expect 0 "" "" "define id- (upper case hex) is quiet"
is "$(cat "$D/id-1af4:1041" 2>/dev/null)" "profile=native" "id- definition written in lower case"
is "$(cfs_of id-1af4:1041)" native "...configfs item id-1af4:1041 pushed"
is "$(current_of vfio10)" transitional "the PF selector beats the ID selector"

run define 0000:10:00.2 native; expect 0 "" "" "an exact definition for one VF"
is "$(current_of vfio11) $(current_of vfio12)" "native transitional" "...beats the PF selector for that VF only"

# Which definition applies, and why.
run list -J
is "$(jq -r '.devices[] | "\(.device) \(.defined) \(.rule) \(.rule_kind)"' <<<"$OUT")" \
"0000:10:00.1 transitional pf-0000:10:00.0 pf
0000:10:00.2 native 0000:10:00.2 exact
0000:10:00.3 transitional pf-0000:10:00.0 pf
0000:10:00.4 transitional pf-0000:10:00.0 pf
0000:20:00.0 native id-1af4:1041 id" "list -J: defined, rule and rule_kind per device"
run show 10:00.3
like "$OUT" "RULE +pf-0000:10:00.0 \(PF selector: every VF of 0000:10:00.0 \(no exact definition\)\)" "show: the rule and why"
run show 20:00.0
like "$OUT" "RULE +id-1af4:1041 \(ID selector: every 1af4:1041 device \(no exact or PF definition\)\)" "show: an ID selector and why"
run show 10:00.2
like "$OUT" "RULE +0000:10:00.2 \(exact address definition \(beats any selector\)\)" "show: an exact definition and why"
echo "pf-0000:10:00.0 transitional" >"$(vfio_dir vfio10)/profiles/source"
run show -J 10:00.1
is "$(jq -r '.devices[0].probe' <<<"$OUT")" "pf-0000:10:00.0 transitional" "show -J: probe is profiles/source"

# apply uses the effective definition.
echo native >"$(vfio_dir vfio12)/profiles/current"
run apply vfio12; expect 0 "" "" "apply DEV under a PF selector"
is "$(current_of vfio12)" transitional "...applied the PF selector's profile"
echo native >"$(vfio_dir vfio13)/profiles/current"
echo transitional >"$(vfio_dir vfio11)/profiles/current"
run apply --all; expect 0 "" "" "apply --all"
is "$(current_of vfio13) $(current_of vfio11)" "transitional native" "...each device gets its effective definition"

# sync pushes selectors and removes stale selector items.
rm -rf "$CFS"/*
mkdir "$CFS/id-8086:1521"
run sync; expect 0 "" "" "sync with selectors"
is "$(ls "$CFS" | tr '\n' ' ')" "0000:10:00.2 id-1af4:1041 pf-0000:10:00.0 " "...items of every definition, stale selector removed"

# A corrupt selector stops the search: nothing less specific applies.
printf 'profile=native\nfoo=1\n' >"$D/pf-0000:10:00.0"
run show -J 10:00.1
is "$(jq -r '.devices[0].defined' <<<"$OUT")" null "corrupt PF selector: not defined"
is "$ERR" "vfio-profilectl: /etc/vfio-profile.d/pf-0000:10:00.0:2: unknown key 'foo'" "...and the file is named"
run apply vfio10
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d/pf-0000:10:00.0:2: unknown key 'foo'" "apply: the ID selector is not used instead"
printf 'profile=transitional\n' >"$D/pf-0000:10:00.0"

# Bad selectors and names.
U="(see 'vfio-profilectl --help')"
run define pf-10:00 native
expect 2 "" "vfio-profilectl: invalid selector 'pf-10:00': expected pf-<PCI address of the PF> or id-<vendor>:<device> (four hex digits each)" "define pf- with a bad address: usage error"
run define id-1af4:41 native
expect 2 "" "vfio-profilectl: invalid selector 'id-1af4:41': expected pf-<PCI address of the PF> or id-<vendor>:<device> (four hex digits each)" "define id- with a short device ID"
run define id-0x1af4:0x1041 native
expect 2 "" "vfio-profilectl: invalid selector 'id-0x1af4:0x1041': expected pf-<PCI address of the PF> or id-<vendor>:<device> (four hex digits each)" "define id- with 0x"
run define pf-0000:10:00.0 Bad
expect 2 "" "vfio-profilectl: pf-0000:10:00.0: invalid profile name 'Bad' (1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)" "define a selector with a bad profile name"
run define pf-0000:10:00.0 bogus
expect 1 "" "vfio-profilectl: 0000:10:00.1: unknown profile 'bogus' (available: native transitional); nothing defined" "define a selector with a name the kernel refuses"
is "$(cat "$D/pf-0000:10:00.0")" "profile=transitional" "...previous selector restored"
is "$(cfs_of pf-0000:10:00.0)" transitional "...and its configfs item untouched"
rm -rf "$R/sys/class/vfio-dev"/* 
run define id-8086:1521 bogus
expect 1 "" "vfio-profilectl: id-8086:1521: unknown profile 'bogus' (configfs refused it); nothing defined" "a selector no device matches: configfs decides"
ok $([ ! -e "$D/id-8086:1521" ] && [ ! -e "$CFS/id-8086:1521" ]; echo $?) "...nothing left behind"

# Non-canonical selector files are ignored with a warning.
printf 'profile=native\n' >"$D/pf-10:00.0"
run export
is "$ERR" "vfio-profilectl: /etc/vfio-profile.d: ignoring 'pf-10:00.0': not pci-<address>, pf-<address> or id-<vendor>:<device> in canonical form" "a non-canonical selector file is warned about"
rm "$D/pf-10:00.0"

# undefine a selector.
run undefine pf-0000:10:00.0; expect 0 "" "" "undefine pf-"
ok $([ ! -e "$D/pf-0000:10:00.0" ] && [ ! -e "$CFS/pf-0000:10:00.0" ]; echo $?) "...file and item removed"
run undefine id-1af4:1041; expect 0 "" "" "undefine id-"
run undefine id-1af4:1041; expect 1 "" "vfio-profilectl: id-1af4:1041: no definition" "undefine id- twice"

# Leftovers of a killed define of a selector are cleaned by the next writer.
touch "$D/.pf-0000:10:00.0.Ab12Cd" "$D/.id-1af4:1041.backup" "$D/.id-1af4:1041.swp"
run define id-1af4:1041 native; expect 0 "" "" "define after a killed writer"
is "$(ls -A "$D" | grep '^\.' | tr '\n' ' ')" ".id-1af4:1041.swp .lock " "stale selector temp files removed, editor file kept"
done_testing
