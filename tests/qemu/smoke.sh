#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Smoke test of the test QEMU's virtio admin virtqueue (tests/qemu/patches):
# boots Debian's 6.12 kernel (build/setup.mk, from make setup) with a
# virtio-net PF with admin-vq=on and 4 VFs behind one PCIe root port and a
# vIOMMU, creates the VFs in the guest and drives their legacy interface
# through Linux's virtio_pci_admin_*() helpers (guest/admin-smoke.c); sets
# the PF's fault knob from the monitor half-way; then boots once more with
# admin-vq=off.  Prints TAP; exits non-zero on any failure.
#
#   smoke.sh [--out DIR] [--timeout SECONDS] [--append KERNEL-ARGS]
#
# QEMU and QEMU_FIRMWARE come from build-qemu.sh unless set in the
# environment.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/build/qemu-smoke
timeout=240
append=
while (($#)); do
	case $1 in
	--out) out=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	*) echo "smoke.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

[[ -f $top/build/setup.mk ]] || { echo "smoke.sh: run make setup first" >&2; exit 1; }
eval "$(cat "$top/build/setup.mk")"
command -v socat > /dev/null || { echo "smoke.sh: socat is required" >&2; exit 1; }
if [[ -z ${QEMU:-} ]]; then
	eval "$(bash "$here/build-qemu.sh")"
fi
QEMU_FIRMWARE=${QEMU_FIRMWARE:-/usr/share/qemu:/usr/share/seabios}
fw=()
IFS=: read -r -a dirs <<<"$QEMU_FIRMWARE"
for d in "${dirs[@]}"; do
	fw+=(-L "$d")
done

mkdir -p "$out"
echo "smoke.sh: building guest/admin-smoke.ko" >&2
make -s -C "$KDIR" M="$here/guest" modules >&2

# initramfs: busybox, /init, virtio_net and its dependencies (virtio_pci is
# built in; the PF's admin virtqueue and sriov_configure need a virtio
# driver bound), our module.
staging=$(mktemp -d)
reader=
qpid=
cleanup() {
	[[ -n $qpid ]] && kill "$qpid" 2>/dev/null || true
	[[ -n $reader ]] && kill "$reader" 2>/dev/null || true
	rm -rf "$staging"
}
trap cleanup EXIT
mkdir -p "$staging"/{bin,dev,proc,sys}
cp "$BUSYBOX" "$staging/bin/busybox"
cp "$here/guest/init" "$staging/init"
chmod +x "$staging/init"
cp "$here/guest/admin-smoke.ko" "$staging/"
mkdir -p "$staging/lib/modules"
while read -r verb path _; do
	[[ $verb == insmod ]] || continue
	name=$(basename "${path%.xz}" .ko)
	case $path in
	*.xz) xz -dc "$path" > "$staging/lib/modules/$name.ko" ;;	# busybox insmod cannot decompress
	*) cp "$path" "$staging/lib/modules/$name.ko" ;;
	esac
	echo "$name" >> "$staging/lib/modules/order"
done < <(modprobe -d "$KIMAGE" -S "$KVER" --show-depends virtio_net)
(cd "$staging" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out/initrd.gz"

fails=3
macs=(52:54:00:5a:00:01 52:54:00:5a:00:02 52:54:00:5a:00:03 52:54:00:5a:00:04)

n=0
failed=0
tap() { # tap ok|"not ok" DESCRIPTION
	n=$((n + 1))
	echo "$1 $n - $2"
	[[ $1 == ok ]] || failed=$((failed + 1))
}

monitor() { # monitor SOCKET COMMAND
	printf '%s\n' "$2" | socat -t 2 - "UNIX-CONNECT:$1" 2>/dev/null | tr -d '\r'
}

boot() { # boot MODE (admin|noadmin)
	local mode=$1 dir=$out/$1 admin=on i rc start line knob_done=
	[[ $mode == admin ]] || admin=off
	rm -rf "$dir"
	mkdir -p "$dir"
	mkfifo "$dir/tap.in" "$dir/tap.out"

	# VFs first (functions 1-4), then the PF (function 0) naming them.
	local devices=(-device pcie-root-port,id=rp1,chassis=1,slot=1)
	for i in 4 3 2 1; do
		devices+=(-netdev "user,id=nvf$i,restrict=on"
			  -device "virtio-net-pci,bus=rp1,addr=0x0.$i,netdev=nvf$i,mac=${macs[i - 1]},sriov-pf=pf0,disable-legacy=on,iommu_platform=on,romfile=")
	done
	devices+=(-netdev user,id=npf,restrict=on
		  -device "virtio-net-pci,bus=rp1,addr=0x0.0,netdev=npf,id=pf0,mac=52:54:00:5a:00:00,admin-vq=$admin,disable-legacy=on,iommu_platform=on,romfile=")

	echo "# boot: admin-vq=$admin" 
	start=$(date +%s)
	timeout -k 10 "$timeout" "$QEMU" "${fw[@]}" \
		-machine q35,kernel-irqchip=split -accel tcg,thread=single \
		-cpu max -m 1024 -smp 2 \
		-device intel-iommu,intremap=on,caching-mode=on \
		"${devices[@]}" \
		-kernel "$KIMAGE/boot/vmlinuz-$KVER" -initrd "$out/initrd.gz" \
		-append "console=ttyS0 intel_iommu=on panic=-1 loglevel=4 smoke.mode=$mode smoke.macs=$(IFS=,; echo "${macs[*]}") smoke.fails=$fails$append" \
		-display none -nodefaults -no-reboot \
		-monitor "unix:$dir/monitor.sock,server=on,wait=off" \
		-serial "file:$dir/console.log" \
		-chardev "pipe,id=tap,path=$dir/tap" -serial chardev:tap \
		-trace enable=virtio_pci_legacy_notify_write \
		-trace enable=virtio_pci_admin_cmd \
		-trace enable=vtd_iotlb_page_update -trace enable=vtd_iotlb_page_hit \
		-D "$dir/qemu-trace.log" \
		< /dev/null > "$dir/qemu.log" 2>&1 &
	qpid=$!
	cat "$dir/tap.out" > "$dir/tap.log" &
	reader=$!

	while kill -0 "$qpid" 2>/dev/null; do
		if [[ -z $knob_done ]] && grep -q '^# fault-knob' "$dir/tap.log" 2>/dev/null; then
			knob_done=1
			monitor "$dir/monitor.sock" "qom-set /machine/peripheral/pf0 x-admin-fail-next $fails" > "$dir/monitor.log"
			monitor "$dir/monitor.sock" "qom-get /machine/peripheral/pf0 x-admin-fail-next" >> "$dir/monitor.log"
			if grep -qx "$fails" "$dir/monitor.log"; then
				tap ok "monitor: qom-set pf0 x-admin-fail-next $fails"
			else
				tap "not ok" "monitor: qom-set pf0 x-admin-fail-next $fails"
			fi
			echo go > "$dir/tap.in"
		fi
		grep -q '^# smoke-done' "$dir/tap.log" 2>/dev/null && break
		sleep 0.2
	done
	set +e
	wait "$qpid"
	rc=$?
	set -e
	qpid=
	kill "$reader" 2>/dev/null || true
	wait "$reader" 2>/dev/null || true
	reader=

	echo "# admin-vq=$admin: QEMU exited with $rc after $(($(date +%s) - start)) s"
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"ok - "*) tap ok "${line#ok - }" ;;
		"not ok - "*) tap "not ok" "${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < "$dir/tap.log"

	if grep -q '^# smoke-done' "$dir/tap.log"; then
		tap ok "admin-vq=$admin: the guest finished"
	else
		tap "not ok" "admin-vq=$admin: the guest finished (QEMU exit $rc)"
		tail -n 40 "$dir/console.log" | sed 's/^/# /'
	fi
	if ((rc == 0)); then
		tap ok "admin-vq=$admin: QEMU exited cleanly"
	else
		tap "not ok" "admin-vq=$admin: QEMU exited cleanly ($rc)"
		tail -n 20 "$dir/qemu.log" | sed 's/^/# /'
	fi
	if grep -v '^virtio_pci_\|^[0-9]*@[0-9.]*:virtio_pci_' "$dir/qemu.log" | grep -qi 'virtio\|assert\|abort'; then
		tap "not ok" "admin-vq=$admin: no virtio error from QEMU"
		grep -i 'virtio\|assert\|abort' "$dir/qemu.log" | head -n 10 | sed 's/^/# /'
	else
		if [[ $mode == admin ]]; then
			tap ok "admin-vq=$admin: no virtio error from QEMU"
		else
			tap ok "admin-vq=$admin: no virtio error from QEMU"
		fi
	fi
}

check_admin_trace() {
	local t=$out/admin/qemu-trace.log iova page found= i
	# VF 1 is 01:00.1 (source id 0x101).  When kicked, the device updates
	# the used ring flags of its legacy transmit ring, which the guest put
	# at an IOVA: QEMU must translate that through the vIOMMU.
	iova=$(sed -n 's/^# queue 1 ring IOVA 0x\([0-9a-f]*\)$/\1/p' "$out/admin/tap.log" | head -n1)
	if [[ -n $iova ]]; then
		for i in 0 1 2; do
			page=$(printf '%x' $((0x$iova + i * 4096)))
			grep -qE "IOTLB page (update|hit) sid 0x101 iova 0x$page " "$t" && found=1
		done
	fi
	if [[ -n $found ]]; then
		tap ok "VF 1's legacy transmit ring at IOVA 0x$iova was accessed through the vIOMMU"
	else
		tap "not ok" "VF 1's legacy transmit ring at IOVA 0x${iova:-?} was accessed through the vIOMMU"
	fi
	if grep -q 'virtio_pci_legacy_notify_write queue 1$' "$t"; then
		tap ok "the VF doorbell write reached QEMU's legacy notify handler (queue 1)"
	else
		tap "not ok" "the VF doorbell write reached QEMU's legacy notify handler (queue 1)"
	fi
	if grep -q "virtio_pci_admin_cmd .*status 12 qualifier 6" "$t"; then
		tap ok "fault knob: commands completed with ENOMEM/NORESOURCE"
	else
		tap "not ok" "fault knob: commands completed with ENOMEM/NORESOURCE"
	fi
	if grep -q "virtio_pci_admin_cmd .*status 22 qualifier 3" "$t"; then
		tap ok "out-of-range accesses completed with EINVAL/INVALID_FIELD"
	else
		tap "not ok" "out-of-range accesses completed with EINVAL/INVALID_FIELD"
	fi
}

boot admin
check_admin_trace
boot noadmin
echo "1..$n"
if ((failed)); then
	echo "# $failed of $n failed" >&2
	exit 1
fi
