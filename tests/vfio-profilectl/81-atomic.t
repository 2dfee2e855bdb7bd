#!/bin/bash
# Atomic writes: a write that fails half-way (disk full, file size limit)
# leaves the previous definition intact and no temp file behind.
. "$(dirname "$0")/lib.sh"
std_tree
F=$(def_file 0000:01:00.0)
D=$R/etc/vfio-profile.d

# EFBIG: RLIMIT_FSIZE 0 makes write(2) fail (SIGXFSZ ignored).
before=$(cat "$F")
# Output goes through a pipe: the limit would stop writes to a file too.
ERR=$(bash -c 'trap "" XFSZ; ulimit -f 0; exec env LD_PRELOAD="$1" "$2" --root "$3" define 01:00.0 native' \
	sh "$SHIM" "$VPC" "$R" 2>&1; echo "rc=$?")
RC=${ERR##*rc=}; ERR=${ERR%$'\n'rc=*}; OUT=
expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot write /etc/vfio-profile.d/pci-0000:01:00.0: File too large; previous definition kept" "write failing with EFBIG is reported"
is "$(cat "$F")" "$before" "old definition intact"
is "$(ls -A "$D" | grep -c '^\.pci-')" 0 "no temp file left"
is "$(current_of vfio0)" native "current not changed when the definition could not be saved"

# ENOSPC on a full tmpfs in a private mount namespace.
if unshare -m --propagation private sh -c "mount -t tmpfs -o size=16k none '$TMP' 2>/dev/null"; then
	unshare -m --propagation private bash -c '
		D=$1; shift
		cp -a "$D" "$D.orig"
		mount -t tmpfs -o size=16k none "$D" || exit 99
		cp -a "$D.orig/." "$D/"
		dd if=/dev/zero of="$D/filler" bs=1k count=64 2>/dev/null
		env "$@" >"$D.out" 2>"$D.err"
		echo $? >"$D.rc"
		cat "$D/pci-0000:01:00.0" >"$D.after"
		ls -A "$D" >"$D.ls"' sh "$D" LD_PRELOAD="$SHIM" "$VPC" --root "$R" define 01:00.0 native
	RC=$(cat "$D.rc"); OUT=$(cat "$D.out"); ERR=$(cat "$D.err")
	expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot write /etc/vfio-profile.d/pci-0000:01:00.0: no space left on device; previous definition kept" "disk full is reported"
	is "$(cat "$D.after")" "$before" "old definition intact on a full disk"
	is "$(grep -c '^\.pci-' "$D.ls")" 0 "no temp file left on a full disk"
else
	skip "cannot mount tmpfs in a private mount namespace: ENOSPC not simulated"
	skip "(same)"; skip "(same)"
fi

# The rename is what publishes the file: readers never see a partial one.
for i in $(seq 30); do
	LD_PRELOAD=$SHIM "$VPC" --root "$R" define 01:00.1 native >/dev/null 2>&1
	LD_PRELOAD=$SHIM "$VPC" --root "$R" define 01:00.1 transitional >/dev/null 2>&1
done &
w=$!
partial=0
while kill -0 $w 2>/dev/null; do
	c=$(cat "$(def_file 0000:01:00.1)" 2>/dev/null) || continue
	case "$c" in profile=native|profile=transitional|"") ;; *) partial=1 ;; esac
done
wait $w
ok $partial "a concurrent reader only ever sees complete definitions"

# Temporary files of a killed define are removed under the lock by
# define, undefine and sync, and never parsed as definitions (issue 13).
std_tree
stale() {
	printf 'garbage\n' >"$D/.pci-0000:01:00.0.Ab12Cd"	# a killed define's temp file
	printf 'profile=native\n' >"$D/.pci-0000:04:00.0.backup"	# a killed define's undo copy
	: >"$D/.pci-0000:01:00.0.swp"				# an editor's: not ours
	: >"$D/.pci-zz.Ab12Cd"					# not a PCI address: not ours
}
KEEP=".pci-0000:01:00.0.swp
.pci-zz.Ab12Cd"
stale
run list -n; ok $RC "list: temp files are never parsed as definitions"
is "$ERR" "" "...and never mentioned"
run define 01:00.1 native; expect 0 "" "" "define with stale temp files"
is "$(ls -A "$D" | grep '^\.pci-')" "$KEEP" "...removes them, keeps other dot files"
stale
run undefine 01:00.1; expect 0 "" "" "undefine with stale temp files"
is "$(ls -A "$D" | grep '^\.pci-')" "$KEEP" "...removes them"
stale
run sync; expect 0 "" "" "sync with stale temp files"
is "$(ls -A "$D" | grep '^\.pci-')" "$KEEP" "...removes them"
stale
run apply --all; ok $RC "apply (udev) leaves them to the writers"
done_testing
