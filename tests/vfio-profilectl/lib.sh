# SPDX-License-Identifier: GPL-2.0-only
# Shared TAP helpers and fake-tree builders for tests/vfio-profilectl/*.t.
# Source it; it finds the repository from its own path, so tests run from
# any cwd. Everything happens below a mktemp directory.

set -u
T_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$T_DIR/../.." && pwd)
TOOLDIR=$REPO/tools/vfio-profilectl
BUILD=$TOOLDIR/build
VPC=$BUILD/vfio-profilectl-asan
SHIM=$BUILD/fakekernel.so
GOLDEN=$T_DIR/golden

for f in "$VPC" "$SHIM"; do
	if [ ! -e "$f" ]; then
		echo "Bail out! $f missing: run 'make -C tools/vfio-profilectl check-build' first"
		exit 255
	fi
done

command -v jq >/dev/null || { echo "Bail out! jq is needed to check JSON output (apt-get install jq)"; exit 255; }

# Sanitizer reports get their own exit codes, never mistaken for ours.
# LD_PRELOAD of the shim comes before libasan: tell ASan that is fine.
export ASAN_OPTIONS=verify_asan_link_order=0:exitcode=86:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:exitcode=87:print_stacktrace=1
export LC_ALL=C
unset VFIO_PROFILECTL_ROOT FAKEKERNEL_PROFILES
export TZ=UTC

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vpc-test.XXXXXX")
chmod 755 "$TMP"
trap 'rm -rf "$TMP"' EXIT
export FAKEKERNEL_LOG=$TMP/stores.log
R=$TMP/root

# as_nobody ARGS...: run the tool as an unprivileged user (setpriv), with
# the shim.  Both are copied into $TMP first: the work tree may sit under a
# directory that user cannot enter (a 0700 home, or mktemp -d), and ld.so
# would then skip the shim and say so on stderr.
as_nobody() {
	if [ ! -e "$TMP/bin/fakekernel.so" ]; then
		mkdir -p "$TMP/bin" && cp "$VPC" "$SHIM" "$TMP/bin/" && chmod -R a+rX "$TMP/bin"
	fi
	LD_PRELOAD=$TMP/bin/fakekernel.so setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TMP/bin/${VPC##*/}" "$@"
}

_T_N=0
_T_FAIL=0
ok() {	# ok CONDITION-RC DESCRIPTION
	_T_N=$((_T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_T_N - $2"
	else
		echo "not ok $_T_N - $2"
		_T_FAIL=$((_T_FAIL + 1))
	fi
}
diag() { sed 's/^/# /' >&2; }
pass() { ok 0 "$1"; }
fail() { ok 1 "$1"; }
skip() { _T_N=$((_T_N + 1)); echo "ok $_T_N # SKIP $1"; }
done_testing() { echo "1..$_T_N"; [ "$_T_FAIL" -eq 0 ]; }

is() {	# is GOT EXPECTED DESCRIPTION
	if [ "$1" == "$2" ]; then
		pass "$3"
	else
		fail "$3"
		{ echo "got:"; printf '%s\n' "$1"; echo "expected:"; printf '%s\n' "$2"; } | diag
	fi
}

like() {	# like GOT REGEX DESCRIPTION
	if [[ $1 =~ $2 ]]; then
		pass "$3"
	else
		fail "$3"
		{ echo "got:"; printf '%s\n' "$1"; echo "expected to match: $2"; } | diag
	fi
}

# run ARGS...: the ASan tool against the fake root with the fake kernel.
# Sets OUT, ERR, RC. A sanitizer report is a failure of its own.
run() {
	local o=$TMP/.out e=$TMP/.err
	LD_PRELOAD=$SHIM "$VPC" --root "$R" "$@" >"$o" 2>"$e" </dev/null
	RC=$?
	OUT=$(cat "$o")
	ERR=$(cat "$e")
	san_check "$*"
}
# run_env ENV... -- ARGS...: same without --root (env var tests etc.).
run_raw() {
	local o=$TMP/.out e=$TMP/.err
	LD_PRELOAD=$SHIM "$VPC" "$@" >"$o" 2>"$e" </dev/null
	RC=$?
	OUT=$(cat "$o")
	ERR=$(cat "$e")
	san_check "$*"
}
san_check() {
	if [ "$RC" -eq 86 ] || [ "$RC" -eq 87 ] || [[ $ERR == *Sanitizer* ]] ||
	   [[ $ERR == *"runtime error"* ]]; then
		fail "sanitizer clean: $1"
		printf '%s\n' "$ERR" | head -40 | diag
	fi
}

# expect RC STDOUT STDERR DESCRIPTION (after run)
expect() {
	local bad=0
	[ "$RC" -eq "$1" ] || bad=1
	[ "$OUT" == "$2" ] || bad=1
	[ "$ERR" == "$3" ] || bad=1
	ok $bad "$4"
	if [ $bad -ne 0 ]; then
		{ echo "rc: got $RC expected $1"; echo "stdout got:"; printf '%s\n' "$OUT";
		  echo "stdout expected:"; printf '%s\n' "$2"; echo "stderr got:";
		  printf '%s\n' "$ERR"; echo "stderr expected:"; printf '%s\n' "$3"; } | diag
	fi
}

# golden NAME: compare OUT with golden/NAME (VPC_REGEN=1 rewrites it).
golden() {
	local g=$GOLDEN/$1
	if [ "${VPC_REGEN:-0}" = 1 ]; then
		printf '%s\n' "$OUT" >"$g"
	fi
	if [ -f "$g" ] && [ "$OUT" == "$(cat "$g")" ]; then
		pass "golden $1"
	else
		fail "golden $1"
		diff -u "$g" <(printf '%s\n' "$OUT") 2>&1 | head -60 | diag
	fi
}

# --- fake tree -------------------------------------------------------
mkroot() {
	rm -rf "$R"
	mkdir -p "$R"/sys/bus/pci/devices "$R"/sys/bus/pci/drivers "$R"/sys/class/vfio-dev \
		"$R"/sys/kernel/iommu_groups "$R"/sys/devices/pci0000:00 "$R"/etc "$R"/proc \
		"$R"/dev/vfio
	: >"$FAKEKERNEL_LOG"
}
# add_pci BDF DRIVER|- GROUP|-
add_pci() {
	local d=$R/sys/devices/pci0000:00/$1
	mkdir -p "$d"
	ln -s "../../../devices/pci0000:00/$1" "$R/sys/bus/pci/devices/$1"
	if [ "$2" != - ]; then
		mkdir -p "$R/sys/bus/pci/drivers/$2"
		ln -s "../../../bus/pci/drivers/$2" "$d/driver"
	fi
	if [ "$3" != - ]; then
		mkdir -p "$R/sys/kernel/iommu_groups/$3/devices"
		ln -s "../../../kernel/iommu_groups/$3" "$d/iommu_group"
		ln -s "../../../../devices/pci0000:00/$1" "$R/sys/kernel/iommu_groups/$3/devices/$1"
	fi
}
# add_vfio BDF vfioN [AVAILABLE CURRENT]: without AVAILABLE no profiles/.
add_vfio() {
	local v=$R/sys/devices/pci0000:00/$1/vfio-dev/$2
	mkdir -p "$v"
	ln -s "../../../$1" "$v/device"
	ln -s "../../devices/pci0000:00/$1/vfio-dev/$2" "$R/sys/class/vfio-dev/$2"
	if [ $# -ge 4 ]; then
		mkdir -p "$v/profiles"
		printf '%s\n' "$3" >"$v/profiles/available"
		printf '%s\n' "$4" >"$v/profiles/current"
	fi
}
vfio_dir() { echo "$R/sys/class/vfio-dev/$1"; }
current_of() { head -n1 "$R/sys/class/vfio-dev/$1/profiles/current"; }
# add_proc PID COMM TARGET...: a process with fds linked to TARGETs.
add_proc() {
	local p=$R/proc/$1 i=3
	mkdir -p "$p/fd"
	printf '%s\n' "$2" >"$p/comm"
	shift 2
	for t in "$@"; do
		ln -s "$t" "$p/fd/$i"
		i=$((i + 1))
	done
}
# mark_open vfioN: the fake kernel answers EBUSY for it.
mark_open() { touch "$R/sys/class/vfio-dev/$1/.open"; }
add_def() { mkdir -p "$R/etc/vfio-profile.d"; printf 'profile=%s\n' "$2" >"$R/etc/vfio-profile.d/pci-$1"; }
def_file() { echo "$R/etc/vfio-profile.d/pci-$1"; }
mk_configfs() { mkdir -p "$R/sys/kernel/config/vfio_profile"; }
cfs_item() {	# cfs_item BDF PROFILE: an existing policy item
	mkdir -p "$R/sys/kernel/config/vfio_profile/$1"
	printf '%s\n' "$2" >"$R/sys/kernel/config/vfio_profile/$1/profile"
}
cfs_of() { head -n1 "$R/sys/kernel/config/vfio_profile/$1/profile" 2>/dev/null; }
stores() { cat "$FAKEKERNEL_LOG"; }

# The standard tree of the golden tests:
#  01:00.0 virtio_vfio_profile vfio0 grp 11 native+transitional, current native,
#          defined transitional, configfs policy transitional
#  01:00.1 virtio_vfio_profile vfio1 grp 12 only native
#  02:00.0 virtio_vfio_profile vfio2 grp 13 native+transitional, current
#          transitional, open by qemu-system-x86 (pid 4242)
#  03:00.0 not present, defined transitional
#  04:00.0 vfio-pci vfio3 grp 14 (no profiles/), defined native
#  05:00.0 e1000e grp 15 (not vfio), 06:00.0 unbound grp 16
std_tree() {
	mkroot
	add_pci 0000:01:00.0 virtio_vfio_profile 11
	add_vfio 0000:01:00.0 vfio0 "native transitional" native
	add_pci 0000:01:00.1 virtio_vfio_profile 12
	add_vfio 0000:01:00.1 vfio1 native native
	add_pci 0000:02:00.0 virtio_vfio_profile 13
	add_vfio 0000:02:00.0 vfio2 "native transitional" transitional
	mark_open vfio2
	add_pci 0000:04:00.0 vfio-pci 14
	add_vfio 0000:04:00.0 vfio3
	add_pci 0000:05:00.0 e1000e 15
	add_pci 0000:06:00.0 - 16
	add_proc 1 systemd /dev/null "socket:[1234]"
	add_proc 77 bash /dev/pts/0
	add_proc 4242 qemu-system-x86 /dev/vfio/vfio /dev/vfio/13 "anon_inode:[vfio-device]"
	add_def 0000:01:00.0 transitional
	add_def 0000:03:00.0 transitional
	add_def 0000:04:00.0 native
	mk_configfs
	cfs_item 0000:01:00.0 transitional
}

# --- selectors -------------------------------------------------------
# set_ids BDF VENDOR DEVICE: the PCI vendor and device files ("0x1af4").
set_ids() {
	printf '0x%s\n' "$2" >"$R/sys/devices/pci0000:00/$1/vendor"
	printf '0x%s\n' "$3" >"$R/sys/devices/pci0000:00/$1/device"
}
# make_vf VF PF: VF's physfn link to PF, as the kernel makes it.
make_vf() { ln -s "../$2" "$R/sys/devices/pci0000:00/$1/physfn"; }
add_sel() { mkdir -p "$R/etc/vfio-profile.d"; printf 'profile=%s\n' "$2" >"$R/etc/vfio-profile.d/$1"; }
sel_file() { echo "$R/etc/vfio-profile.d/$1"; }

# The selector tree: PF 0000:10:00.0 (virtio-pci, 1af4:1041) with VFs
# 10:00.1..10:00.4 (1af4:1041) bound to virtio_vfio_profile (vfio10..13,
# native+transitional, current native), a VF 10:00.5 unbound, and a plain
# device 20:00.0 (1af4:1041, not a VF, vfio14, native only).
sel_tree() {
	mkroot
	add_pci 0000:10:00.0 virtio-pci 30
	set_ids 0000:10:00.0 1af4 1041
	echo 4 >"$R/sys/devices/pci0000:00/0000:10:00.0/sriov_totalvfs"
	local i
	for i in 1 2 3 4; do
		add_pci 0000:10:00.$i virtio_vfio_profile $((30 + i))
		set_ids 0000:10:00.$i 1af4 1041
		make_vf 0000:10:00.$i 0000:10:00.0
		add_vfio 0000:10:00.$i vfio1$((i - 1)) "native transitional" native
	done
	add_pci 0000:10:00.5 - 35
	set_ids 0000:10:00.5 1af4 1041
	make_vf 0000:10:00.5 0000:10:00.0
	add_pci 0000:20:00.0 virtio_vfio_profile 40
	set_ids 0000:20:00.0 1af4 1041
	add_vfio 0000:20:00.0 vfio14 native native
	add_proc 1 systemd /dev/null
	mk_configfs
}
