#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The real-owner tier: the transitional profile served by a real owner.  The
# VM runs the QEMU of tests/qemu/ (an SR-IOV virtio-net PF with the virtio
# admin queue and the legacy access commands), Linux's own virtio-pci drives
# the PF, and the RELEASE build of our modules (no simulator) serves its VFs
# through the production backend (owner_admin.c ->
# virtio_pci_admin_legacy_*() -> the PF's admin queue).  The guest tests are
# tests/vm/guest/owner/; this script reports their TAP and adds the host's
# checks.  Nothing is skipped: a missing prerequisite is a failure.
# VM_OUT and VM_RELEASE_DIR move its outputs and name another release build
# (another tier runs it on another kernel: tests/newest-kernel/).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${VM_OUT:-$top/build/vm/owner}
release=${VM_RELEASE_DIR:-$top/build/release}
mkdir -p "$out"

prereq_fail() {
	echo "not ok 1 - prerequisites for the real-owner tier: $1"
	echo "1..1"
	exit 1
}
[[ -f $top/build/qemu.mk ]] || prereq_fail "build/qemu.mk (make setup builds the testbed QEMU)"
[[ -f $release/drivers/vfio/pci/virtio/virtio_vfio_profile.ko ]] ||
	prereq_fail "a release build of the modules (make release-modules)"

VM_RELEASE_DIR=$release bash "$top/tests/vm/run.sh" --topology sriov --hostctl \
	--scenario owner --out "$out" --timeout 900 ${OWNER_RUN_ARGS:-} 2> "$out.run.log"
rc=$?
sed 's/^/# /' "$out.run.log"
if ((rc)); then
	echo "not ok 1 - the VM gave a verdict"
	tr -d '\r' < "$out/tap.log" 2> /dev/null | sed 's/^/#   /'
	echo "1..1"
	exit 1
fi
. "$top/tests/vm/report.sh"
vm_report "$out"
n=$((n + 1))
# QEMU reports a guest's DMA to unmapped memory, a malformed admin command
# or a broken virtqueue on its stderr: the suite must cause none.
qerr=$(grep -E '^qemu-system-x86_64:|virtio' "$out.run.log" | grep -v '^run.sh:')
if [[ -z $qerr ]]; then
	echo "ok $n - QEMU reported no device error"
else
	echo "not ok $n - QEMU reported no device error"
	sed 's/^/#   /' <<<"$qerr" | head -20
fi
n=$((n + 1))
fails=$(grep -c ' -> 1 ' "$out/hostctl.log" 2> /dev/null)
if [[ $fails == 0 ]] && grep -q 'x-admin-fail-next' "$out/hostctl.log"; then
	echo "ok $n - every monitor command the guest asked for succeeded"
else
	echo "not ok $n - every monitor command the guest asked for succeeded"
	sed 's/^/#   /' "$out/hostctl.log"
fi
sed 's/^/# /' "$out/hostctl.log"
echo "1..$n"
