#!/bin/bash
# Read-only file systems (a read-only bind mount in a private mount
# namespace: root ignores chmod) and an unprivileged user (setpriv).
. "$(dirname "$0")/lib.sh"
std_tree

# run_ro DIR ARGS...: the tool with DIR bind-mounted read-only.
run_ro() {
	local dir=$1; shift
	unshare -m --propagation private sh -c 'mount --bind -o ro "$1" "$1" || exit 99; shift; exec "$@"' \
		sh "$dir" env LD_PRELOAD="$SHIM" "$VPC" --root "$R" "$@" >"$TMP/o" 2>"$TMP/e" </dev/null
	RC=$?; OUT=$(cat "$TMP/o"); ERR=$(cat "$TMP/e")
	san_check "$*"
}
if ! unshare -m --propagation private sh -c "mount --bind -o ro '$TMP' '$TMP' && ! touch '$TMP/x' 2>/dev/null"; then
	skip "read-only bind mounts unavailable (unshare -m needs CAP_SYS_ADMIN); cannot simulate EROFS honestly"
else
	D=$R/etc/vfio-profile.d
	before=$(cd "$D" && md5sum pci-* | md5sum)
	run_ro "$R/etc" define 01:00.1 native
	expect 1 "" "vfio-profilectl: 0000:01:00.1: cannot open lock /etc/vfio-profile.d/.lock: read-only file system" "define, read-only /etc, no lock file yet"
	: >"$D/.lock"
	run_ro "$R/etc" define 01:00.1 native
	expect 1 "" "vfio-profilectl: 0000:01:00.1: cannot write /etc/vfio-profile.d/pci-0000:01:00.1: read-only file system" "define, read-only /etc"
	echo native >"$(vfio_dir vfio0)/profiles/current"
	run_ro "$R/etc" set 01:00.0 transitional --persist
	expect 4 "" "vfio-profilectl: 0000:01:00.0: profile set to transitional (live), but not persisted: cannot write /etc/vfio-profile.d/pci-0000:01:00.0: read-only file system" "set --persist, read-only /etc: partial (4), says what changed and what did not"
	is "$(current_of vfio0)" transitional "...the live profile did change"
	run_ro "$R/etc" undefine 03:00.0
	expect 1 "" "vfio-profilectl: 0000:03:00.0: cannot remove /etc/vfio-profile.d/pci-0000:03:00.0: read-only file system" "undefine, read-only /etc"
	is "$(cd "$D" && md5sum pci-* | md5sum)" "$before" "definitions untouched"
	echo native >"$(vfio_dir vfio0)/profiles/current"
	run_ro "$R/etc" apply --all; expect 0 "" "" "apply works with a read-only /etc (image-based systems)"
	rm "$D/.lock"
	echo native >"$(vfio_dir vfio0)/profiles/current"
	run_ro "$R/etc" apply vfio0; expect 0 "" "" "...also without a lock file"
	is "$(current_of vfio0)" transitional "apply changed current"
	run_ro "$R" list -n; ok $RC "list works on a read-only root"
	run_ro "$R/sys" set 01:00.0 native
	expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot write profiles/current: read-only file system" "set, read-only sysfs"
	run_ro "$R/sys" sync
	expect 1 "" "vfio-profilectl: 0000:03:00.0: cannot create configfs policy /sys/kernel/config/vfio_profile/0000:03:00.0: read-only file system
vfio-profilectl: 0000:04:00.0: cannot create configfs policy /sys/kernel/config/vfio_profile/0000:04:00.0: read-only file system" "sync, read-only configfs: one line per device"
fi

if command -v setpriv >/dev/null; then
	std_tree
	chmod -R a+rX "$TMP"
	run_user() {
		as_nobody --root "$R" "$@" >"$TMP/o" 2>"$TMP/e" </dev/null
		RC=$?; OUT=$(cat "$TMP/o"); ERR=$(cat "$TMP/e")
		san_check "$*"
	}
	run_user define 01:00.1 native
	expect 1 "" "vfio-profilectl: 0000:01:00.1: cannot open lock /etc/vfio-profile.d/.lock: permission denied (root is needed)" "define as non-root: root is needed"
	run define 01:00.1 native	# as root: creates the 0600 lock
	run_user define 01:00.1 transitional
	expect 1 "" "vfio-profilectl: 0000:01:00.1: cannot open lock /etc/vfio-profile.d/.lock: permission denied (root is needed)" "define as non-root with the lock present"
	run_user undefine 01:00.1
	expect 1 "" "vfio-profilectl: 0000:01:00.1: cannot open lock /etc/vfio-profile.d/.lock: permission denied (root is needed)" "undefine as non-root"
	rm -rf "$R/etc/vfio-profile.d"
	run_user define 01:00.1 native
	expect 1 "" "vfio-profilectl: 0000:01:00.1: cannot create /etc/vfio-profile.d: permission denied (root is needed)" "define as non-root without the directory"
	std_tree; chmod -R a+rX "$TMP"
	run_user apply 01:00.1; expect 0 "" "" "apply as non-root with nothing to change"
	run_user set 01:00.0 native; expect 0 "" "" "set as non-root to the current profile: no write needed"
	echo transitional >"$(vfio_dir vfio0)/profiles/current"
	run_user apply 01:00.0; expect 0 "" "" "apply as non-root when the definition is already current"
	echo native >"$(vfio_dir vfio0)/profiles/current"
	run_user apply 01:00.0
	expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot write profiles/current: permission denied (root is needed)" "apply as non-root that needs a write"
	run_user list -n; ok $RC "list as non-root"
	chmod 700 "$R/proc/4242/fd"
	run_user list -J
	is "$(printf '%s' "$OUT" | jq -c '[.devices[].in_use]')" '[null,null,null,null,null]' "holders unknown when /proc/PID/fd is unreadable: in_use null"
	run_user show 01:00.0; like "$OUT" "IN-USE +\?" "...and '?' in tables"
else
	skip "setpriv not installed: cannot run as an unprivileged user"
fi

# chattr +i: root gets EPERM. The message gives the real cause, not
# "root is needed"; set --persist says the live change was made (exit 4).
std_tree
F=$(def_file 0000:01:00.0)
trap 'chattr -i "$F" 2>/dev/null; rm -rf "$TMP"' EXIT
if [ "$(id -u)" -eq 0 ] && chattr +i "$F" 2>/dev/null; then
	IMM="Operation not permitted (immutable? see lsattr(1))"
	run define 01:00.0 native
	expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot keep a copy of /etc/vfio-profile.d/pci-0000:01:00.0 for undo: $IMM; nothing changed" "define over an immutable definition: real cause"
	run set 01:00.0 transitional --persist
	expect 4 "" "vfio-profilectl: 0000:01:00.0: profile set to transitional (live), but not persisted: cannot write /etc/vfio-profile.d/pci-0000:01:00.0: $IMM; previous definition kept" "set --persist over an immutable definition: partial (4), says what changed"
	is "$(current_of vfio0) $(cat "$F")" "transitional profile=transitional" "...current changed, file untouched"
	run undefine 01:00.0
	expect 1 "" "vfio-profilectl: 0000:01:00.0: cannot remove /etc/vfio-profile.d/pci-0000:01:00.0: $IMM" "undefine of an immutable definition: real cause"
	chattr -i "$F"
	is "$(ls -A "$R/etc/vfio-profile.d" | grep -c '^\.pci-')" 0 "no temp file left by the failed writes"
else
	skip "chattr +i unavailable here (not root, or the file system has no immutable flag)"
fi
done_testing
