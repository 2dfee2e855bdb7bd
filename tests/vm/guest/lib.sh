# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for the guest tests: TAP output and device handling.
# TAP numbering runs across all test scripts of one boot.

TAP_COUNT=/run/tap.count
TAP_FAILED=/run/tap.failed
OURS=virtio_vfio_profile
SAMPLE=vfio-profile-sample

_tap_next() {
	local n
	n=$(($(cat $TAP_COUNT 2>/dev/null || echo 0) + 1))
	echo $n > $TAP_COUNT
	echo $n
}

pass() { echo "ok $(_tap_next) - $*"; }
fail() {
	echo "not ok $(_tap_next) - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
	echo 1 >> $TAP_FAILED
}
skip() { echo "ok $(_tap_next) - $1 # SKIP $2"; }
diag() { echo "# $*"; }

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "got:  '$1'" "want: '$2'"
	fi
}

# check DESCRIPTION COMMAND...: passes if COMMAND succeeds
check() {
	local desc=$1
	shift
	if "$@" > /tmp/check.out 2>&1; then
		pass "$desc"
	else
		fail "$desc" "command failed: $*" "$(head -c 400 /tmp/check.out)"
	fi
}

# The modern virtio-net devices, in address order.
virtio_devices() {
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor)" = 0x1af4 ] && [ "$(cat $d/device)" = 0x1041 ] &&
			echo ${d##*/}
	done
}
# The real-owner scenario tests SR-IOV VFs: once owner/00-topology.sh has
# created them, /run/devs names them and DEV1.. are VFs of the admin PF.
if [ -s /run/devs ]; then
	set -- $(cat /run/devs)
else
	set -- $(virtio_devices)
fi
DEV1=$1 DEV2=$2 DEV3=$3
set --

driver_of() {
	local l=/sys/bus/pci/devices/$1/driver
	[ -e $l ] && basename $(readlink $l) || echo none
}

# bind_to BDF DRIVER: as libvirt does, driver_override first, then unbind and
# drivers_probe, so no other driver can take the device in between.
bind_to() {
	local d=/sys/bus/pci/devices/$1
	echo "$2" > $d/driver_override
	[ -e $d/driver ] && echo $1 > $d/driver/unbind
	echo $1 > /sys/bus/pci/drivers_probe
	[ "$(driver_of $1)" = "$2" ]
}

unbind() {
	local d=/sys/bus/pci/devices/$1
	echo > $d/driver_override
	[ -e $d/driver ] && echo $1 > $d/driver/unbind
	true
}

# vfio_dev BDF: the device's vfio-dev directory (vfioN changes on rebind)
vfio_dev() {
	local v
	for v in /sys/bus/pci/devices/$1/vfio-dev/vfio*; do
		[ -d "$v" ] && echo $v && return 0
	done
	return 1
}

iommu_group() { basename $(readlink /sys/bus/pci/devices/$1/iommu_group); }

# hold_open [--cdev|--noiommu] BDF: keep the device open through VFIO (the
# group, or the given interface) until release_hold
hold_open() {
	rm -f /tmp/held
	vfio-client "$@" hold /tmp/held > /tmp/hold.out 2>&1 &
	HOLD_PID=$!
	local i=0
	while [ ! -e /tmp/held ] && [ $i -lt 250 ]; do
		kill -0 $HOLD_PID 2>/dev/null || return 1
		usleep 20000
		i=$((i + 1))
	done
	[ -e /tmp/held ]
}

release_hold() {
	kill $HOLD_PID 2>/dev/null
	wait $HOLD_PID
}

load_ours() {
	[ -d /sys/module/vfio_profile ] || insmod /lib/modules/extra/vfio_profile.ko "$@" || return 1
	[ -d /sys/module/virtio_vfio_profile ] || insmod /lib/modules/extra/virtio_vfio_profile.ko || return 1
	[ -d /sys/module/vfio_profile_sample ] || insmod /lib/modules/extra/vfio_profile_sample.ko
}

unload_ours() {
	local d
	for d in $DEV1 $DEV2 $DEV3; do
		case $(driver_of $d) in $OURS|$SAMPLE) unbind $d ;; esac
	done
	for m in vfio_profile_sample virtio_vfio_profile vfio_profile; do
		[ -d /sys/module/$m ] && rmmod $m
	done
	[ ! -d /sys/module/vfio_profile ]
}

# Kernel log since the last kmsg_mark, without clearing the ring buffer (the
# final health check reads all of it).
kmsg_mark() {
	KMSG_MARK="vmtest-mark-$$-$(cat /proc/uptime | tr -d ' .')"
	echo "$KMSG_MARK" > /dev/kmsg
}
dmesg_since_mark() { dmesg | sed -n "/$KMSG_MARK/,\$p"; }

# The simulated owner's model of a device (test builds only).
sim_dir() { echo /sys/kernel/debug/virtio_vfio_profile/$1; }
sim_state() { cat $(sim_dir $1)/state; }

# load_ours_sim BDF...: our modules, with the owner of BDF... simulated
load_ours_sim() {
	local list
	list=$(echo "$@" | tr ' ' ',')
	unload_ours || return 1
	insmod /lib/modules/extra/vfio_profile.ko &&
	insmod /lib/modules/extra/virtio_vfio_profile.ko sim_owner=$list &&
	insmod /lib/modules/extra/vfio_profile_sample.ko
}

# set_profile BDF NAME: select a profile of a bound, closed device
set_profile() { echo $2 > $(vfio_dev $1)/profiles/current; }

# nth N FILE: line N of FILE
nth() { sed -n "${1}p" $2; }

# load_net_modules: virtio_net and what it needs (/etc/modules.net), which
# the PFs of the real-owner testbed need: virtio-pci enables SR-IOV only on
# a PF whose virtio driver is up (DRIVER_OK), as on a real host.
load_net_modules() {
	local m
	for m in $(cat /etc/modules.net); do
		[ -d /sys/module/$m ] || insmod /lib/modules/$m.ko || return 1
	done
}

# load_ours_release: the release build (no simulator) of the real-owner tier
load_ours_release() {
	unload_ours || return 1
	insmod /lib/modules/release/vfio_profile.ko &&
	insmod /lib/modules/release/virtio_vfio_profile.ko
}

# hostctl MONITOR-COMMAND: run it in the VMM (run.sh --hostctl); prints its
# output, returns its status.  The line is opened once and kept open: a
# serial port drops what arrives while nobody holds it.
hostctl() {
	local line
	if [ -z "$HOSTCTL_OPEN" ]; then
		stty -F /dev/ttyS2 raw -echo || return 1
		exec 7<> /dev/ttyS2
		HOSTCTL_OPEN=1
	fi
	echo "$*" >&7
	while read -t 60 -r line <&7; do
		case $line in
		"hostctl-done "*) return ${line#hostctl-done } ;;
		*) echo "$line" ;;
		esac
	done
	echo "hostctl: no answer for '$*'"
	return 1
}

# check_dmesg_clean [WHOSE]: the whole kernel log has no oops, BUG, WARNING
# or hung task (the last check of a boot); WHOSE names it in the test
# ("dmesg" by default, "L1's dmesg" ...)
check_dmesg_clean() {
	local whose=${1:-dmesg}
	dmesg > /tmp/dmesg.all
	if grep -qE 'Oops|BUG:|WARNING:|Call Trace|INFO: task .* blocked' /tmp/dmesg.all; then
		fail "no oops, BUG, WARNING or hung task in $whose" \
		     "$(grep -E -m5 'Oops|BUG:|WARNING:|Call Trace|INFO: task .* blocked' /tmp/dmesg.all)"
	else
		pass "no oops, BUG, WARNING or hung task in $whose"
	fi
}
