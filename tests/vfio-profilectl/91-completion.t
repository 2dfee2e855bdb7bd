#!/bin/bash
# bash completion: verbs, options, devices from the (fake) sysfs, profile
# names from profiles/available, PCI addresses with ':' kept whole.
. "$(dirname "$0")/lib.sh"
std_tree
bash -n "$TOOLDIR/vfio-profilectl.bash-completion"; ok $? "completion file parses"
# shellcheck source=/dev/null
. "$TOOLDIR/vfio-profilectl.bash-completion"
complete -p vfio-profilectl >/dev/null 2>&1; ok $? "completion registered for vfio-profilectl"

comp() {	# comp "COMMAND LINE": COMPREPLY, sorted, one line
	COMP_LINE=$1
	COMP_POINT=${#1}
	COMP_WORDBREAKS=${2-$' \t\n"\x27><=;|&(:'}
	COMPREPLY=()
	_vfio_profilectl
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
export VFIO_PROFILECTL_ROOT=$R
is "$(comp 'vfio-profilectl ')" "apply check define export import list set show sync undefine" "verbs"
is "$(comp 'vfio-profilectl s')" "set show sync" "verb prefix"
is "$(comp 'vfio-profilectl check --')" "--json --root --textfile" "check options"
is "$(comp 'vfio-profilectl export --')" "--json --root" "export options"
touch "$TMP/role.json"
is "$(comp "vfio-profilectl import $TMP/role.")" "$TMP/role.json" "import completes files"
is "$(comp "vfio-profilectl check --textfile $TMP/role.")" "$TMP/role.json" "--textfile completes files"
is "$(comp 'vfio-profilectl --')" "--help --json --noheadings --root --version" "global options"
is "$(comp 'vfio-profilectl set 01:00.0 native --')" "--persist --root" "set options"
is "$(comp 'vfio-profilectl apply --')" "--all --root" "apply options"
is "$(comp 'vfio-profilectl set ')" "0000:01:00.0 0000:01:00.1 0000:02:00.0" "set: devices with profiles"
is "$(comp 'vfio-profilectl show ')" "0000:01:00.0 0000:01:00.1 0000:02:00.0 0000:03:00.0 0000:04:00.0" "show: devices with profiles and definitions"
is "$(comp 'vfio-profilectl define ')" "0000:01:00.0 0000:01:00.1 0000:02:00.0 0000:04:00.0 0000:05:00.0 0000:06:00.0" "define: every PCI device"
is "$(comp 'vfio-profilectl undefine ')" "0000:01:00.0 0000:03:00.0 0000:04:00.0" "undefine: defined devices and policies"
# Selectors: pf- for SR-IOV PFs, id- for devices with profiles.
echo 4 >"$R/sys/devices/pci0000:00/0000:05:00.0/sriov_totalvfs"
printf '0x1af4\n' >"$R/sys/devices/pci0000:00/0000:01:00.0/vendor"
printf '0x1041\n' >"$R/sys/devices/pci0000:00/0000:01:00.0/device"
is "$(comp 'vfio-profilectl define p')" "pf-0000:05:00.0" "define: PF selectors of SR-IOV PFs"
is "$(comp 'vfio-profilectl define i')" "id-1af4:1041" "define: ID selectors of devices with profiles"
printf 'profile=native\n' >"$R/etc/vfio-profile.d/pf-0000:05:00.0"
is "$(comp 'vfio-profilectl undefine p')" "pf-0000:05:00.0" "undefine: defined selectors"
is "$(comp 'vfio-profilectl define pf-0000:05:00.0 ')" "native transitional" "define SELECTOR: every known profile"
rm "$R/etc/vfio-profile.d/pf-0000:05:00.0" "$R/sys/devices/pci0000:00/0000:05:00.0/sriov_totalvfs"
is "$(comp 'vfio-profilectl set 0000:01:00.')" "00.0 00.1" "':' in addresses: only the part after the last ':' is replaced"
is "$(comp 'vfio-profilectl set 0000:01:00.' '')" "0000:01:00.0 0000:01:00.1" "...whole words when ':' is no word break"
is "$(comp 'vfio-profilectl set 0000:01:00.1 ')" "native" "profiles of a device with only native"
is "$(comp 'vfio-profilectl set 01:00.0 ')" "native transitional" "profiles through a short address"
is "$(comp 'vfio-profilectl define vfio2 t')" "transitional" "profiles through vfioN, with prefix"
is "$(comp 'vfio-profilectl define /sys/class/vfio-dev/vfio1 ')" "native" "profiles through a sysfs path"
is "$(comp 'vfio-profilectl define 0000:03:00.0 ')" "native transitional" "absent device: every known profile"
is "$(comp 'vfio-profilectl set 01:00.0 native ')" "" "nothing after PROFILE"
unset VFIO_PROFILECTL_ROOT
is "$(comp "vfio-profilectl --root $R set ")" "0000:01:00.0 0000:01:00.1 0000:02:00.0" "--root DIR is honoured"
is "$(comp "vfio-profilectl --root=$R/ undefine ")" "0000:01:00.0 0000:03:00.0 0000:04:00.0" "--root=DIR is honoured"
is "$(comp "vfio-profilectl --root $TMP/ro")" "$TMP/root" "--root completes directories"
done_testing
