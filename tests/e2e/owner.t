#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# End to end with the real owner and real traffic.  L0 is the QEMU of
# tests/qemu/ (build/qemu.mk) with the SR-IOV testbed of run.sh --topology
# sriov: pf1, a virtio-net PF with the virtio admin queue, and its VFs, each
# VF on its own QEMU user network (restrict=on: nothing leaves the machine).
# In the test VM (L1), pf1 creates its VFs, the release build of our modules
# (no simulator) takes VF1, and Debian's QEMU assigns it to a nested guest
# (L2), whose stock drivers drive it: the modern driver in native, the legacy
# driver (virtio_pci.force_legacy=1) on the emulated I/O BAR0 in transitional,
# whose registers pf1 serves through admin commands (tests/e2e/l1/l1.sh with
# e2e.owner=real).  In both profiles L2 moves real data through the VF, to
# servers on this host that L0's QEMU runs per connection (guestfwd cmd:,
# tests/e2e/host/): a DHCP lease, a random file fetched by HTTP and checked
# by md5, 1 MiB uploaded and checked by the host's md5, 100 pings of the
# gateway, and the VF's MAC (tests/e2e/l2/init).
#
# Reports L1's TAP (with L2's inside), then checks from the host: both
# servers saw L2's data, the consoles are clean, L0's QEMU said nothing about
# vfio.  Prints the times and "# P7 ...": the fetch rate in transitional over
# that in native (a benchmark figure, not an assertion).  E2E_BENCH_MB=<n>
# fetches an n MiB file instead of 1 MiB (make bench).  E2E_RELEASE_DIR
# names another release build than build/release (make release-modules).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/e2e-owner
own=$out/host
mkdir -p "$out"
t_start=$(date +%s)

prereq_fail() {
	echo "not ok 1 - prerequisites for the real-owner e2e test: $1"
	sed 's/^/#   /' "$out/prereq.log"
	echo "1..1"
	exit 1
}
: > "$out/prereq.log"
[[ -f $top/build/setup.mk ]] || prereq_fail "build/setup.mk (run make setup)"
[[ -f $top/build/qemu.mk ]] || prereq_fail "build/qemu.mk: the QEMU of tests/qemu/ (make qemu)"
eval "$(cat "$top/build/qemu.mk")"
[[ -x ${QEMU:-} ]] || prereq_fail "build/qemu.mk names an executable QEMU ('${QEMU:-}')"
release=${E2E_RELEASE_DIR:-$top/build/release}
rel=$release/drivers/vfio/pci
[[ -f $rel/virtio/virtio_vfio_profile.ko && -f $rel/profile/vfio_profile.ko ]] ||
	prereq_fail "the release build of the modules in $release (make release-modules)"
modinfo -F parm "$rel/virtio/virtio_vfio_profile.ko" > "$out/release.parm" 2>> "$out/prereq.log" ||
	prereq_fail "modinfo reads the release build's virtio_vfio_profile.ko"
! grep -q '^sim_owner:' "$out/release.parm" ||
	prereq_fail "a release build without the simulated owner (build/release has sim_owner)"
# The test VM's initramfs carries the test build too (tests/vm/mkinitramfs.sh).
[[ -f $top/drivers/vfio/pci/virtio/virtio_vfio_profile.ko && -f $top/tests/modules/vfio_profile_sample.ko ]] ||
	prereq_fail "the test build of the modules (make test-modules)"
compgen -G "$top/build/guest/*" > /dev/null || prereq_fail "the guest programs in build/guest (make guest-progs)"
make -s -C "$top/tools/vfio-profilectl" vfio-profilectl >> "$out/prereq.log" 2>&1 ||
	prereq_fail "tools/vfio-profilectl builds"
bash "$top/tests/e2e/mkl1root.sh" "$out/l1root" >> "$out/prereq.log" 2>&1 ||
	prereq_fail "the L1 additions (QEMU, KVM modules, L2 kernel and initramfs)"
# The servers' paths go into QEMU options (-netdev ...,guestfwd=...-cmd:PATH)
# as one word: no commas, no blanks.
[[ $own != *[,[:space:]]* ]] || prereq_fail "a build path without commas or blanks ($own)"

# The host side: the file to serve, the two servers, their log.
rm -rf "$own"
mkdir -p "$own/bin"
mb=${E2E_BENCH_MB:-1}
[[ $mb =~ ^[1-9][0-9]*$ ]] || prereq_fail "E2E_BENCH_MB is a whole number of MiB ('$mb')"
head -c $((mb * 1048576)) /dev/urandom > "$own/owner.bin"
bytes=$(stat -c %s "$own/owner.bin")
md5=$(md5sum < "$own/owner.bin" | cut -d' ' -f1)
install -m 755 "$top/tests/e2e/host/http-get.sh" "$top/tests/e2e/host/md5-put.sh" "$own/bin/"
: > "$own/host.log"
echo "# host: serving $bytes bytes, md5 $md5, from $own"
# Each VF's netdev gets both servers; only VF1's are reached.  The commands
# inherit QEMU's environment, hence E2E_OWNER_DIR.
export E2E_OWNER_DIR=$own
fwd="guestfwd=tcp:10.0.2.100:80-cmd:$own/bin/http-get.sh,guestfwd=tcp:10.0.2.101:9-cmd:$own/bin/md5-put.sh"

# L1 needs room for QEMU in its initramfs and for L2's 256 MiB, all pinned
# by VFIO.  The timeout covers L1's boot and two L2 runs with a retry each
# (4 x 600 s).
VM_EXTRA_DIR=$out/l1root VM_RELEASE_DIR=$release \
	bash "$top/tests/vm/run.sh" --topology sriov --scenario e2e --out "$out/vm" \
	--memory 3072 --timeout 3000 --vf-net-opts "$fwd" \
	--trace virtio_pci_legacy_notify_write --trace virtio_pci_admin_cmd \
	--append "e2e.owner=real e2e.md5=$md5 e2e.bytes=$bytes" \
	${E2E_L2_ACCEL:+--append e2e.accel=$E2E_L2_ACCEL} 2> "$out/run.log"
rc=$?
sed 's/^/# /' "$out/run.log"
tr -d '\r' < "$out/vm/tap.log" > "$out/vm/tap.txt" 2> /dev/null
if ((rc)); then
	echo "not ok 1 - the L1 VM gave a verdict"
	echo "# TAP so far:"
	sed 's/^/#   /' "$out/vm/tap.txt" 2> /dev/null
	echo "# host servers' log:"
	sed 's/^/#   /' "$own/host.log"
	echo "1..1"
	exit 1
fi

# L1's results (with L2's inside); L1's console holds L2's consoles too
# (lines "l2-<run>| ...").
. "$top/tests/vm/report.sh"
vm_report "$out/vm" L1 "the L1 and L2 consoles show"
bad=$vm_report_failed

n=$((n + 1))
# run.log is run.sh's stderr: its own lines and L0 QEMU's stderr.
l0vfio=$(grep -v '^run.sh: ' "$out/run.log" | grep -i vfio)
if [[ -z $l0vfio ]]; then
	echo "ok $n - L0's QEMU printed nothing about vfio"
else
	bad=1; echo "not ok $n - L0's QEMU printed nothing about vfio"
	sed 's/^/#   /' <<<"$l0vfio" | head -20
fi

echo "# host servers' log:"
sed 's/^/#   /' "$own/host.log"
# One fetch and one upload per profile (more after a retried L2 run).
for p in native transitional; do
	n=$((n + 1))
	got=$(grep -c ": 'GET /owner.bin HTTP/1.[01]': serving $bytes bytes" "$own/host.log")
	fetched=$(sed -n "s/^# l2-fetch $p bytes=\([0-9]*\) .*/\1/p" "$out/vm/tap.txt" | tail -n1)
	if [[ $fetched == "$bytes" ]] && ((got >= 1)); then
		echo "ok $n - host: the server sent $bytes bytes, L2 $p received them ($got GETs in all)"
	else
		bad=1; echo "not ok $n - host: the server sent $bytes bytes, L2 $p received them ($got GETs in all, L2 $p got '$fetched')"
	fi
	n=$((n + 1))
	put=$(sed -n "s/^# l2-put $p md5=\([0-9a-f]*\) .*/\1/p" "$out/vm/tap.txt" | tail -n1)
	if [[ -n $put ]] && grep -q "put md5=$put bytes=1048576\$" "$own/host.log"; then
		echo "ok $n - host: L2 $p's upload arrived whole (1048576 bytes, md5 $put)"
	else
		bad=1; echo "not ok $n - host: L2 $p's upload arrived whole (L2 sent md5 '$put')"
	fi
done

# What reached L0's devices (tests/qemu/ trace events).  The legacy
# doorbell of a VF (BAR 4 + 0x4000, named by LEGACY_NOTIFY_INFO) is written
# only by our driver, forwarding the legacy driver's QUEUE_NOTIFY from BAR0:
# in transitional, receiveq (queue 0) and transmitq (queue 1) kicks.  The
# admin commands for member 1 (VF1) are the legacy register accesses pf1
# served; none may fail.
trace=$out/vm/qemu-trace.log
echo "# L0 trace: $(wc -l < "$trace" 2> /dev/null || echo 0) lines"
n=$((n + 1))
kicks=$(sed -n 's/^virtio_pci_legacy_notify_write queue \([0-9]*\)$/\1/p' "$trace" 2> /dev/null |
	sort -n | uniq -c | awk '{ printf "%squeue %s: %s", sep, $2, $1; sep = ", " }')
q0=$(grep -c '^virtio_pci_legacy_notify_write queue 0$' "$trace" 2> /dev/null)
q1=$(grep -c '^virtio_pci_legacy_notify_write queue 1$' "$trace" 2> /dev/null)
if ((q0 > 0 && q1 > 0)); then
	echo "ok $n - L0: VF1's legacy doorbell took the kicks our driver forwarded from BAR0 ($kicks)"
else
	bad=1; echo "not ok $n - L0: VF1's legacy doorbell took the kicks our driver forwarded from BAR0 (${kicks:-none})"
fi
n=$((n + 1))
grep '^virtio_pci_admin_cmd .* member 1 status ' "$trace" 2> /dev/null > "$out/admin-vf1.log"
ops=$(sed -n 's/.* opcode \(0x[0-9a-f]*\) .*/\1/p' "$out/admin-vf1.log" | sort | uniq -c |
	awk '{ printf "%s%s: %s", sep, $2, $1; sep = ", " }')
echo "# L0: pf1's admin commands for VF1 by opcode (2/3 common write/read, 4/5 device write/read, 6 notify info): ${ops:-none}"
failed=$(grep -vc ' status 0 qualifier ' "$out/admin-vf1.log")
need=0
for op in 0x2 0x3 0x5 0x6; do grep -q " opcode $op " "$out/admin-vf1.log" || need=1; done
if ((need == 0 && failed == 0)); then
	echo "ok $n - L0: pf1 served VF1's legacy registers and doorbell location through admin commands, none failed"
else
	bad=1; echo "not ok $n - L0: pf1 served VF1's legacy registers and doorbell location through admin commands, none failed ($failed failed)"
	grep -v ' status 0 qualifier ' "$out/admin-vf1.log" | head -5 | sed 's/^/#   /'
fi

# P7: the fetch rate in transitional (legacy driver, BAR0 through our
# driver, registers through pf1's admin queue) over native's.
rate() { # rate PROFILE: "bytes ms" of the last fetch
	sed -n "s/^# l2-fetch $1 bytes=\([0-9]*\) ms=\([0-9]*\)$/\1 \2/p" "$out/vm/tap.txt" | tail -n1
}
read -r nb nms <<<"$(rate native)"
read -r tb tms <<<"$(rate transitional)"
if [[ -n ${nms:-} && -n ${tms:-} ]] && ((nms > 0 && tms > 0)); then
	awk -v nb="$nb" -v nms="$nms" -v tb="$tb" -v tms="$tms" 'BEGIN {
		rn = nb / nms * 1000 / 1048576; rt = tb / tms * 1000 / 1048576
		printf "# P7 rate(transitional)/rate(native) = %.2f (fetch of %d bytes: native %d ms = %.2f MiB/s, transitional %d ms = %.2f MiB/s; L2 clock resolution 10 ms)\n", rt / rn, nb, nms, rn, tms, rt
	}'
else
	echo "# P7 not measured (native '${nb:-} ${nms:-}' transitional '${tb:-} ${tms:-}')"
fi

l1=$(sed -n 's/.*VM exited with [0-9]* after \([0-9.]*\) s.*/\1/p' "$out/run.log")
times=$(sed -n 's/^# e2e-times: //p' "$out/vm/tap.txt")
echo "# owner e2e times: L1 VM ${l1:-?} s in all (QEMU start to power-off); $times; owner.t $(( $(date +%s) - t_start )) s"
retries=$(grep -c 'RETRY' "$out/vm/tap.txt")
echo "# L2 retries: $retries"
echo "1..$n"
# Non-zero on any failure, L1's and L2's included.
((bad == 0)) && ! grep -q '^not ok ' "$out/vm/tap.txt"
