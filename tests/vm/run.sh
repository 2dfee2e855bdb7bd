#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the test VM: Debian's 6.12 kernel in QEMU q35 with a virtual IOMMU and
# three modern virtio-net devices, each behind its own PCIe root port (so each
# is in its own IOMMU group), and run one guest scenario.
#
#   run.sh [--scenario check|demo|bench] [--out DIR] [--timeout SECONDS]
#          [--console] [--trace PATTERN]... [--append KERNEL-ARGS]
#          [--no-iommu] [--memory MIB] [--cpu-features LIST]
#          [--topology stock|sriov] [--vf-net-opts OPTS] [--hostctl]
#
# --trace enables QEMU trace events (e.g. 'virtio_queue_notify'), written to
# DIR/qemu-trace.log, so host-side checks can see what reached the device.
# --no-iommu boots without the virtual IOMMU (for VFIO's no-IOMMU mode, which
# only a kernel with VFIO_NOIOMMU has: the debug tier's).
# --memory sets the VM's RAM (default 1024 MiB; the nested e2e scenario needs more).
# --cpu-features appends QEMU CPU properties to the model (e.g. la57=off).
# --topology sriov boots the real-owner testbed instead of the three stock
# devices: the QEMU of tests/qemu/ (build/qemu.mk, made by make setup), with
# two virtio-net SR-IOV PFs, each behind its own root port:
#   rp1: PF "pf1" with the virtio admin queue (admin-vq=on), 4 VFs
#   rp2: PF "pf2" without it, 1 VF
# VF n of PF p has the MAC 52:54:00:0f:0p:0n and its own user netdev
# "vfp.n" (restrict=on: nothing leaves the machine); --vf-net-opts appends
# options to those netdevs (the e2e test's guestfwd data servers).
# --hostctl gives the guest a control line to the host (ttyS2): each line it
# writes is run as a QEMU monitor command (tests/vm/hostctl.py), whose
# output comes back followed by a line "hostctl-done <status>".  The guest
# uses it to trip the owner's fault knob and to change a VF's link.
# The kernel is Debian's (build/setup.mk) unless VM_KVER and VM_KIMAGE name
# another (see mkinitramfs.sh).  VM_APPEND adds kernel arguments and
# VM_TIMEOUT changes the default timeout, for the tiers that run a .t of
# this folder on another kernel (tests/newest-kernel/).
#
# The guest writes TAP to its second serial port (DIR/tap.log); the kernel
# console goes to DIR/console.log (and to stdout with --console).  Exits 0
# when the guest reached its verdict line, 1 otherwise, after printing the
# end of the console log: a boot without a verdict is a failure, never
# retried silently.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
scenario=check
out=
timeout=${VM_TIMEOUT:-300}
console=
trace=()
append=${VM_APPEND:+ $VM_APPEND}
iommu=(-device intel-iommu,intremap=on,caching-mode=on)
iommu_arg=" intel_iommu=on"
memory=1024
cpu_features=
topology=stock
vf_net_opts=
hostctl=
while (($#)); do
	case $1 in
	--scenario) scenario=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--console) console=1; shift ;;
	--trace) trace+=(-trace "enable=$2"); shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--no-iommu) iommu=(); iommu_arg=; shift ;;
	--memory) memory=$2; shift 2 ;;
	--cpu-features) cpu_features=,$2; shift 2 ;;
	--topology) topology=$2; shift 2 ;;
	--vf-net-opts) vf_net_opts=,$2; shift 2 ;;
	--hostctl) hostctl=1; shift ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
out=${out:-$top/build/vm/$scenario}
mkdir -p "$out"
eval "$(cat "$top/build/setup.mk")"
KVER=${VM_KVER:-$KVER}
KIMAGE=${VM_KIMAGE:-$KIMAGE}
if ((${#trace[@]})); then
	trace+=(-D "$out/qemu-trace.log")
	rm -f "$out/qemu-trace.log"
fi

bash "$top/tests/vm/mkinitramfs.sh" "$out/initrd.gz"

# /dev/kvm alone proves nothing: on PVM hosts it exists and cannot run a
# stock kernel.  Use KVM only where the CPU has hardware virtualisation and
# a real KVM module is loaded.
accel=(-accel tcg,thread=single -cpu "max$cpu_features")
if [[ -w /dev/kvm ]] && grep -qE '\b(vmx|svm)\b' /proc/cpuinfo &&
   [[ -d /sys/module/kvm_intel || -d /sys/module/kvm_amd ]]; then
	accel=(-accel kvm -cpu "host$cpu_features")
fi
# Multi-threaded TCG oopses about once in 30 boots on static-key patching
# (int3 in sched_clock_cpu); thread=single keeps 2 vCPUs and is reliable.

qemu=qemu-system-x86_64
qemu_args=()
devices=()
case $topology in
stock)
	for i in 1 2 3; do
		devices+=(-device "pcie-root-port,id=rp$i,chassis=$i,slot=$i"
			  -netdev "user,id=n$i,restrict=on"
			  -device "virtio-net-pci,bus=rp$i,netdev=n$i,disable-legacy=on,iommu_platform=on,romfile=")
	done
	;;
sriov)
	[[ -f $top/build/qemu.mk ]] || { echo "run.sh: no build/qemu.mk (run make setup)" >&2; exit 2; }
	eval "$(cat "$top/build/qemu.mk")"
	qemu=$QEMU
	IFS=: read -ra fw <<<"$QEMU_FIRMWARE"
	for d in "${fw[@]}"; do qemu_args+=(-L "$d"); done
	vnet="disable-legacy=on,iommu_platform=on,romfile="
	# PF p: admin queue on for pf1, off for pf2; VFs first, as QEMU wants.
	for p in 1 2; do
		nvfs=$((p == 1 ? 4 : 1))
		admin=
		((p == 1)) && admin=admin-vq=on,
		devices+=(-device "pcie-root-port,id=rp$p,chassis=$p,slot=$p")
		for ((v = nvfs; v >= 1; v--)); do
			devices+=(-netdev "user,id=vf$p.$v,restrict=on$vf_net_opts"
				  -device "virtio-net-pci,bus=rp$p,addr=0.$v,id=vf$p-$v,netdev=vf$p.$v,mac=52:54:00:0f:0$p:0$v,sriov-pf=pf$p,$vnet")
		done
		# indirect_desc=off: Linux 6.12's admin path adds a command to
		# the admin queue with GFP_KERNEL under a spinlock with
		# interrupts off (virtqueue_exec_admin_cmd), and with indirect
		# descriptors that allocates: "BUG: sleeping function called
		# from invalid context" on a DEBUG_ATOMIC_SLEEP kernel.  A PF
		# driver bug, not ours; without indirect descriptors nothing is
		# allocated there.
		devices+=(-netdev "user,id=pf$p.0,restrict=on"
			  -device "virtio-net-pci,bus=rp$p,addr=0.0,id=pf$p,netdev=pf$p.0,mac=52:54:00:0f:0$p:00,indirect_desc=off,$admin$vnet")
	done
	;;
*) echo "run.sh: unknown topology $topology" >&2; exit 2 ;;
esac
serials=(-serial stdio -serial "file:$out/tap.log")
if [[ -n $hostctl ]]; then
	rm -f "$out/qmp.sock" "$out/ctl.sock"
	qemu_args+=(-qmp "unix:$out/qmp.sock,server=on,wait=off"
		    -chardev "socket,id=hostctl,path=$out/ctl.sock,server=on,wait=off")
	serials+=(-serial chardev:hostctl)
fi

rm -f "$out/tap.log" "$out/console.log"
echo "run.sh: booting $scenario VM ($topology, ${accel[1]}, timeout ${timeout}s)" >&2
start=$(date +%s.%N)
if [[ -n $hostctl ]]; then
	python3 "$top/tests/vm/hostctl.py" "$out/ctl.sock" "$out/qmp.sock" \
		> "$out/hostctl.log" 2>&1 &
	hostctl_pid=$!
	trap 'kill $hostctl_pid 2> /dev/null || :' EXIT
fi
set +e
timeout -k 10 "$timeout" "$qemu" "${accel[@]}" "${qemu_args[@]}" \
	-machine q35,kernel-irqchip=split -m "$memory" -smp 2 \
	"${iommu[@]}" \
	"${devices[@]}" "${trace[@]}" \
	-kernel "$KIMAGE/boot/vmlinuz-$KVER" -initrd "$out/initrd.gz" \
	-append "console=ttyS0$iommu_arg panic=-1 loglevel=4 vmtest.scenario=$scenario$append" \
	-display none -nodefaults -no-reboot \
	"${serials[@]}" < /dev/null |
	if [[ -n $console ]]; then tee "$out/console.log"; else cat > "$out/console.log"; fi
rc=${PIPESTATUS[0]}
if [[ -n $hostctl ]]; then
	wait $hostctl_pid	# QEMU closed its sockets: it finishes its log
fi
set -e
end=$(date +%s.%N)
printf 'run.sh: VM exited with %s after %.1f s\n' "$rc" "$(echo "$end - $start" | bc)" >&2

if ! grep -q '^# vm-done' "$out/tap.log" 2>/dev/null; then
	echo "run.sh: the VM gave no verdict (qemu exit $rc); end of its console:" >&2
	tail -n 60 "$out/console.log" >&2
	exit 1
fi
exit 0
