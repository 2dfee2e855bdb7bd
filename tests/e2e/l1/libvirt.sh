# SPDX-License-Identifier: GPL-2.0-only
#
# libvirt as the client (sourced by l1.sh after its own L2 runs, with the
# device $DEV1 bound to our driver and closed): Debian 12 backports'
# libvirtd (tests/e2e/mkl1libvirt.sh), started here without systemd, takes
# $DEV1 for a domain whose <hostdev mode='subsystem' type='pci'
# managed='yes'> names no driver.
#
#   - libvirt finds virtio_vfio_profile in modules.alias and binds it
#     itself, from the device's host driver (virtio-pci);
#   - "vfio-profilectl define $DEV1 transitional" is in force at that bind:
#     the nested guest (L2) sees the transitional 1af4:1000 on its first
#     boot, and the legacy driver drives it (l2/init's checks);
#   - while the domain runs, vfio-profilectl set gets the busy status and
#     names QEMU;
#   - virsh destroy gives the device back to virtio-pci, and the next virsh
#     start gets transitional again, without any help;
#   - <driver model='vfio-pci'/> gets the generic driver.
#
# Uses l1.sh's run_l2 (L2_VIA=libvirt: virsh start and destroy instead of
# running QEMU), busy_checks, and its TAP helpers.
LV_VER=
LV_LOG=/var/log/libvirt/qemu
export HOME=/tmp LIBVIRT_DEFAULT_URI=qemu:///system

lv_time() { LV_TIMES="$LV_TIMES $1=$(secs $LV_T0 $(uptime_cs))"; LV_T0=$(uptime_cs); }

# lv_xml NAME DRIVER-ELEMENT KERNEL-ARGS: the domain, L2 as l1.sh runs it
# (same kernel, initramfs, CPU, memory, ACPI, which libvirt leaves out
# unless asked; serial ports to files)
lv_xml() {
	local type=qemu cpu="<feature policy='disable' name='cx16'/>" d b s f
	[ $L2_ACCEL = kvm ] && type=kvm cpu=
	IFS=':.' read d b s f <<-EOF
	$DEV1
	EOF
	cat <<-EOF
	<domain type='$type'>
	  <name>$1</name>
	  <memory unit='MiB'>256</memory>
	  <vcpu>1</vcpu>
	  <os>
	    <type arch='x86_64' machine='pc'>hvm</type>
	    <kernel>/e2e/l2/vmlinuz</kernel>
	    <initrd>/e2e/l2/initrd.gz</initrd>
	    <cmdline>console=ttyS0 panic=-1 loglevel=4 $3</cmdline>
	  </os>
	  <features><acpi/><apic/></features>
	  <cpu mode='custom' match='exact' check='none'>
	    <model fallback='forbid'>qemu64</model>
	    $cpu
	  </cpu>
	  <on_poweroff>destroy</on_poweroff>
	  <on_reboot>destroy</on_reboot>
	  <on_crash>destroy</on_crash>
	  <devices>
	    <emulator>/usr/bin/qemu-system-x86_64</emulator>
	    <serial type='file'><source path='/tmp/l2-$1.console'/><target port='0'/></serial>
	    <serial type='file'><source path='/tmp/l2-$1.tap'/><target port='1'/></serial>
	    <hostdev mode='subsystem' type='pci' managed='yes'>
	      $2
	      <source><address domain='0x$d' bus='0x$b' slot='0x$s' function='0x$f'/></source>
	    </hostdev>
	    <controller type='usb' model='none'/>
	    <memballoon model='none'/>
	  </devices>
	</domain>
	EOF
}

# Hooks for l1.sh's l2_start and l2_stop (L2_VIA=libvirt): the domain of
# that name must be defined.
lv_l2_start() {
	L2=/tmp/l2-$1
	rm -f $L2.*
	virsh start $1 > $L2.stdout 2> $L2.stderr
	# No pid file: l2_wait sees "QEMU exited" at once.
	QPID=$(cat /run/libvirt/qemu/$1.pid 2> /dev/null)
	QPID=${QPID:-none}
}
lv_l2_stop() {
	virsh destroy $L2_NAME > /dev/null 2>> $L2.stderr
	tr -d '\r' < $L2.console 2> /dev/null | sed "s/^/l2-$L2_NAME| /" >&2
}

lv_start_daemon() {
	local t=300
	# Debian's libvirt names /var/run, which Debian links to /run.
	mkdir -p /var /run/libvirt /var/lib/libvirt/qemu $LV_LOG /var/cache/libvirt/qemu /etc/libvirt/qemu
	[ -e /var/run ] || ln -s /run /var/run
	libvirtd -f /etc/libvirt/libvirtd.conf > /tmp/libvirtd.out 2>&1 &
	LV_PID=$!
	while [ ! -S /var/run/libvirt/libvirt-sock ]; do
		kill -0 $LV_PID 2> /dev/null || { echo "libvirtd exited"; return 1; }
		t=$((t - 1))
		[ $t -gt 0 ] || return 1
		usleep 100000
	done
	virsh -q version
}

# lv_show WHEN: the device's driver and driver_override, for the record
lv_show() {
	diag "$1: $DEV1 driver $(driver_of $DEV1), driver_override '$(cat /sys/bus/pci/devices/$DEV1/driver_override)'"
}

lv_main() {
	local host_drv vd l2args=$L2_ARGS
	local lv_t0=$(uptime_cs)
	LV_TIMES= LV_T0=$lv_t0

	# The device goes back to the driver it had at boot, as on a host
	# where nobody has touched it yet.
	unbind $DEV1
	echo $DEV1 > /sys/bus/pci/drivers_probe
	host_drv=$(driver_of $DEV1)
	is "$host_drv" virtio-pci "libvirt: $DEV1 starts on its host driver, virtio-pci"
	check "libvirt: L1's modules.alias (depmod) has our alias for $DEV1's ID" \
		grep -qi 'vfio_pci:v00001AF4d00001041.* virtio_vfio_profile$' /lib/modules/$(uname -r)/modules.alias

	# (check's status is not the command's: test the command itself)
	if ! lv_start_daemon > /tmp/lv.out 2>&1; then
		fail "libvirt: libvirtd starts (no systemd) and answers" "$(cat /tmp/lv.out)"
		tail -n 20 /tmp/libvirtd.out /tmp/libvirtd.log 2> /dev/null | sed 's/^/#   libvirtd: /'
		kill $LV_PID 2> /dev/null
		return 1
	fi
	pass "libvirt: libvirtd starts (no systemd) and answers"
	LV_VER=$(sed -n 's/^Using library: libvirt //p' /tmp/lv.out)
	sed 's/^/# libvirt: /' /tmp/lv.out
	lv_time daemon
	# Capability probing runs L1's QEMU (Debian 12's 7.2) under TCG; it
	# fails if libvirt finds the QEMU too old or unusable.
	check "libvirt: accepts L1's QEMU (domain capabilities for TCG)" \
		virsh domcapabilities --virttype qemu --emulatorbin /usr/bin/qemu-system-x86_64
	grep -o '<emulator>.*\|<version>.*' /tmp/check.out 2> /dev/null | head -n 2 | sed 's/^/# libvirt domcapabilities: /'
	lv_time probe

	$CTL define $DEV1 transitional > /tmp/ctl.out 2>&1
	is "$?" 0 "libvirt: vfio-profilectl define $DEV1 transitional (device on virtio-pci) exits 0"
	lv_xml l2lv "" "e2e.expect=transitional virtio_pci.force_legacy=1 $l2args" > /tmp/l2lv.xml
	check "libvirt: virsh define (hostdev managed='yes', no driver element)" virsh define /tmp/l2lv.xml

	# --- First start: libvirt's own choice -------------------------------
	L2_VIA=libvirt
	if run_l2 l2lv transitional; then
		lv_show "first start"
		is "$(driver_of $DEV1)" $OURS "libvirt bound $OURS by itself (modules.alias; no driver in the XML)"
		vd=$(vfio_dev $DEV1)
		is "$(cat $vd/profiles/current 2> /dev/null)" transitional \
		   "transitional in force while the domain runs (the definition applied at libvirt's bind)"
		VD=$vd
		# libvirtd must not compete with L2's QEMU for L1's CPUs.
		diag "libvirt: CPU time so far: libvirtd $(awk '{ print ($14 + $15) / 100 }' /proc/$LV_PID/stat) s, L2's QEMU $(awk '{ print ($14 + $15) / 100 }' /proc/$QPID/stat) s"
		busy_checks transitional native
		l2_stop
		lv_time first
	else
		virsh destroy l2lv > /dev/null 2>&1
		grep -i pci /tmp/libvirtd.log | tail -n 20 | sed 's/^/#   libvirtd: /'
	fi
	L2_VIA=
	lv_show "after virsh destroy"
	is "$(driver_of $DEV1)" "$host_drv" "libvirt: virsh destroy gives $DEV1 back to $host_drv"
	is "$(cat /sys/bus/pci/devices/$DEV1/driver_override)" "(null)" \
	   "libvirt: virsh destroy clears driver_override"

	# --- Second start: the profile comes back by itself -------------------
	virsh start l2lv > /tmp/lv.out 2>&1
	is "$?" 0 "libvirt: virsh start again exits 0"
	lv_show "second start"
	is "$(driver_of $DEV1)" $OURS "libvirt: the second start binds $OURS again"
	vd=$(vfio_dev $DEV1)
	is "$(cat $vd/profiles/current 2> /dev/null)" transitional \
	   "libvirt: transitional in force again on the second start"
	virsh destroy l2lv > /tmp/lv.out 2>&1
	is "$?" 0 "libvirt: virsh destroy exits 0"
	is "$(driver_of $DEV1)" "$host_drv" "libvirt: $DEV1 back on $host_drv"
	lv_time second

	# --- <driver model='vfio-pci'/>: the generic driver ------------------
	lv_xml l2gen "<driver model='vfio-pci'/>" "e2e.expect=native" > /tmp/l2gen.xml
	virsh define /tmp/l2gen.xml > /tmp/lv.out 2>&1 && virsh start l2gen >> /tmp/lv.out 2>&1
	is "$?" 0 "libvirt: a domain with <driver model='vfio-pci'/> starts"
	lv_show "model='vfio-pci'"
	is "$(driver_of $DEV1)" vfio-pci "libvirt: <driver model='vfio-pci'/> binds the generic vfio-pci"
	virsh destroy l2gen > /tmp/lv.out 2>&1
	is "$(driver_of $DEV1)" "$host_drv" "libvirt: after the generic domain, $DEV1 back on $host_drv"
	lv_time generic

	# QEMU's own output: the log without the command lines libvirt wrote
	# (from LC_ALL=... to the first line without a trailing backslash).
	awk '/^LC_ALL=/ { c = 1 } c { if ($0 !~ /\\$/) c = 0; next } { print }' \
		$LV_LOG/l2lv.log > /tmp/l2lv.qemu 2> /dev/null
	sed 's/^/# libvirt QEMU log: /' /tmp/l2lv.qemu
	sed 's/^/libvirt-qemu-log| /' $LV_LOG/l2lv.log >&2	# L1's console, with the command lines
	is "$(grep -i vfio /tmp/l2lv.qemu)" "" \
	   "libvirt: its QEMU printed nothing about vfio (regions, config space, interrupts, reset)"
	grep -i 'pci' /tmp/libvirtd.log | grep -iE 'alias|variant|driver' | head -n 8 | sed 's/^/# libvirtd: /'
	$CTL undefine $DEV1 > /dev/null 2>&1
	kill $LV_PID 2> /dev/null
	wait $LV_PID
	diag "libvirt ${LV_VER:-?} times (s):$LV_TIMES"
	times="$times libvirt=$(secs $lv_t0 $(uptime_cs))"
}
lv_main
