#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End to end with clients nobody here wrote: in the test VM (L1), Debian's
# QEMU assigns a device bound to virtio_vfio_profile to a nested guest (L2)
# with -device vfio-pci, and Linux's virtio drivers in L2 drive it: the
# modern driver in native, the legacy driver (virtio_pci.force_legacy=1) on
# the emulated I/O BAR0 in transitional.  L1 replays L2's TAP and adds its
# own checks (tests/e2e/l1/l1.sh); this script reports both, then checks
# what reached the outer QEMU's (L0's) device: the legacy driver's queue
# kicks, forwarded from BAR0 to the device's modern doorbell.
#
# Then libvirt is the client (tests/e2e/l1/libvirt.sh): Debian 12 backports'
# libvirtd in L1 binds our driver by itself for a managed hostdev, the
# defined profile is what L2 sees on its first boot, destroy and start give
# the device back and take it again.  E2E_ONLY=libvirt skips l1.sh's own two
# L2 runs (reported as SKIP), for working on that part.
#
# Times: the whole L1 run and each L2 run are printed as "# nested boot
# times: ...".  L2 runs on TCG (about 2 minutes a run); E2E_L2_ACCEL=kvm
# runs it on KVM in L1 instead, which L0's TCG -cpu max allows but which
# mostly hangs on these machines (see l1.sh).  A run without a verdict is
# retried once, and the retry is reported.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/e2e
mkdir -p "$out"

prereq_fail() {
	echo "not ok 1 - prerequisites for the nested test: $1"
	sed 's/^/#   /' "$out/prereq.log"
	echo "1..1"
	exit 1
}
: > "$out/prereq.log"
[[ -f $top/build/setup.mk ]] || prereq_fail "build/setup.mk (run make setup)"
modinfo -F parm "$top/drivers/vfio/pci/virtio/virtio_vfio_profile.ko" 2>> "$out/prereq.log" |
	grep -q '^sim_owner:' || prereq_fail "a test build of the modules, with sim_owner (make test-modules)"
make -s -C "$top/tools/vfio-profilectl" vfio-profilectl >> "$out/prereq.log" 2>&1 ||
	prereq_fail "tools/vfio-profilectl builds"
bash "$top/tests/e2e/mkl1root.sh" "$out/l1root" >> "$out/prereq.log" 2>&1 ||
	prereq_fail "the L1 additions (QEMU, KVM modules, L2 kernel and initramfs)"
# libvirt in L1 (tests/e2e/l1/libvirt.sh): Debian 12 backports', extracted
# into the cache.
lv=$(bash "$top/tests/e2e/fetch-libvirt.sh" 2>> "$out/prereq.log") ||
	prereq_fail "libvirt from bookworm-backports (tests/e2e/fetch-libvirt.sh)"
eval "$lv"
bash "$top/tests/e2e/mkl1libvirt.sh" "$out/l1root" "$LIBVIRT_ROOT" >> "$out/prereq.log" 2>&1 ||
	prereq_fail "libvirt $LIBVIRT_VERSION in L1 (tests/e2e/mkl1libvirt.sh)"
echo "# libvirt $LIBVIRT_VERSION (bookworm-backports) in L1"

# L1 needs room for QEMU in its initramfs and for L2's 256 MiB, all pinned
# by VFIO.  The timeout covers three L2 runs (two of l1.sh's, one of
# libvirt's) with a retry each (6 x 600 s) and libvirtd's start.
VM_EXTRA_DIR=$out/l1root bash "$top/tests/vm/run.sh" --scenario e2e --out "$out/vm" \
	--memory 3072 --timeout 3900 --trace virtio_pci_notify_write \
	${E2E_L2_ACCEL:+--append e2e.accel=$E2E_L2_ACCEL} --append e2e.libvirt=1 \
	${E2E_ONLY:+--append e2e.only=$E2E_ONLY} 2> "$out/run.log"
rc=$?
sed 's/^/# /' "$out/run.log"
tr -d '\r' < "$out/vm/tap.log" > "$out/vm/tap.txt" 2> /dev/null
if ((rc)); then
	echo "not ok 1 - the L1 VM gave a verdict"
	echo "# TAP so far:"
	sed 's/^/#   /' "$out/vm/tap.txt" 2> /dev/null
	echo "1..1"
	exit 1
fi

# L1's results (with L2's inside); L1's console holds L2's consoles too
# (lines "l2-<run>| ...").
. "$top/tests/vm/report.sh"
vm_report "$out/vm" L1 "the L1 and L2 consoles show"

n=$((n + 1))
# Our driver forwards a legacy QUEUE_NOTIFY (value = queue index) to the
# doorbell the owner names: the device's modern notify address, the first
# of its notify region.  QEMU's trace shows offset and value, so the legacy
# driver's transmit kicks (queue 1) appear as "0x0 = 0x1".  Nothing else
# writes that: the modern driver of the native run kicks queue 1 at 0x4, and
# once a driver set DRIVER_OK on L0's device QEMU takes modern kicks by
# ioeventfd, past the trace point (in transitional, DRIVER_OK goes to the
# simulated owner, so the device never gets it).
fwd=$(grep -cE '^virtio_pci_notify_write 0x0 = 0x1 \(2\)' "$out/vm/qemu-trace.log" 2> /dev/null)
echo "# L0 trace: $(wc -l < "$out/vm/qemu-trace.log" 2> /dev/null || echo 0) virtio_pci_notify_write:"
head -n 20 "$out/vm/qemu-trace.log" 2> /dev/null | sed 's/^/#   /'
if ((fwd >= 1)); then
	echo "ok $n - L0's device saw the legacy driver's kicks forwarded from BAR0 ($fwd)"
else
	echo "not ok $n - L0's device saw the legacy driver's kicks forwarded from BAR0 (none)"
	head -n 5 "$out/vm/qemu-trace.log" 2> /dev/null | sed 's/^/#   /'
fi

l1=$(sed -n 's/.*VM exited with 0 after \([0-9.]*\) s.*/\1/p' "$out/run.log")
times=$(sed -n 's/^# e2e-times: //p' "$out/vm/tap.txt")
echo "# nested boot times: L1 VM ${l1:-?} s in all (QEMU start to power-off); $times"
retries=$(grep -c 'RETRY' "$out/vm/tap.txt")
echo "# L2 retries: $retries"
echo "1..$n"
