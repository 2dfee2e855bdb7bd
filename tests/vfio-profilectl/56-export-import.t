#!/bin/bash
# export -J / import FILE: the whole set as JSON, replaced atomically
# (one directory exchange), idempotent, and all-or-nothing on bad input.
. "$(dirname "$0")/lib.sh"
sel_tree
D=$R/etc/vfio-profile.d
CFS=$R/sys/kernel/config/vfio_profile

run export; expect 0 '{
   "version": 1,
   "definitions": []
}' "" "export of no definitions"
add_sel id-1af4:1041 native
add_sel pf-0000:10:00.0 transitional
add_def 0000:10:00.2 native
add_def 0000:03:00.0 transitional
run export -J
expect 0 '{
   "version": 1,
   "definitions": [
      {"match": "0000:03:00.0", "profile": "transitional"},
      {"match": "0000:10:00.2", "profile": "native"},
      {"match": "pf-0000:10:00.0", "profile": "transitional"},
      {"match": "id-1af4:1041", "profile": "native"}
   ]
}' "" "export -J: every definition, exact, then PF, then ID selectors, sorted"
printf '%s\n' "$OUT" >"$TMP/a.json"
jq -e . "$TMP/a.json" >/dev/null; ok $? "export is valid JSON"

# Round trip: import what was exported -> nothing changes.
touch -d '2020-01-01' "$D"/*
: >"$FAKEKERNEL_LOG"
run import "$TMP/a.json"
expect 0 "no change: the 4 definitions of '$TMP/a.json' are already in place" "" "import of the current set: no change, says so"
is "$(find "$D" -mindepth 1 -newermt 2020-01-02 ! -name .lock | wc -l)" 0 "...nothing was written"
is "$(stores)" "" "...nor pushed to the kernel"

# A new set: added, changed, removed; configfs and devices follow.
cat >"$TMP/b.json" <<'J'
{"version": 1, "definitions": [
  {"match": "pf-0000:10:00.0", "profile": "native"},
  {"match": "0000:10:00.4", "profile": "transitional"},
  {"match": "id-8086:1521", "profile": "native"}
]}
J
echo README >"$D/README"
lock_ino=$(stat -c %i "$D/.lock" 2>/dev/null || true)
run import "$TMP/b.json"
expect 0 "imported 3 definitions from '$TMP/b.json': 2 added, 1 changed, 3 removed" "" "import of a new set"
is "$(ls "$D" | tr '\n' ' ')" "README id-8086:1521 pci-0000:10:00.4 pf-0000:10:00.0 " "...the directory holds exactly the new set, other files kept"
is "$(cat "$D/pf-0000:10:00.0")" "profile=native" "...changed definition"
is "$(stat -c %a "$D") $(stat -c %a "$D/pci-0000:10:00.4")" "755 644" "...modes of the directory and files"
[ -z "$lock_ino" ] || is "$(stat -c %i "$D/.lock")" "$lock_ino" "...the lock file is the same inode (hard-linked)"
is "$(ls "$CFS" | tr '\n' ' ')" "0000:10:00.4 id-8086:1521 pf-0000:10:00.0 " "...configfs items match the new set"
is "$(current_of vfio13) $(current_of vfio11)" "transitional native" "...bound devices got their new profiles"
is "$(ls -A "$R/etc" | tr '\n' ' ')" "vfio-profile.d " "...no temporary directory left in /etc"
run import "$TMP/b.json"
expect 0 "no change: the 3 definitions of '$TMP/b.json' are already in place" "" "second import: no change, exit 0"
run export
is "$(jq -c '[.definitions[].match]' <<<"$OUT")" '["0000:10:00.4","pf-0000:10:00.0","id-8086:1521"]' "export after import"

# Standard input, and an empty set.
run import - <<<'{"version": 1, "definitions": []}'
# run redirects stdin from /dev/null: call the tool directly.
OUT=$(printf '{"version": 1, "definitions": []}' | LD_PRELOAD=$SHIM "$VPC" --root "$R" import - 2>"$TMP/.e"); RC=$?; ERR=$(cat "$TMP/.e")
expect 0 "imported 0 definitions from '-': 0 added, 0 changed, 3 removed" "" "import - (stdin) of an empty set"
is "$(ls "$D" | tr '\n' ' ')" "README " "...every definition removed"
is "$(ls "$CFS" | wc -l)" 0 "...and every configfs item"

# Open and unavailable devices: imported, with notices (as define).
cat >"$TMP/c.json" <<'J'
{"version": 1, "definitions": [{"match": "pf-0000:10:00.0", "profile": "transitional"},
 {"match": "0000:20:00.0", "profile": "transitional"}]}
J
echo native >"$(vfio_dir vfio11)/profiles/current"
add_proc 4242 qemu-system-x86 /dev/vfio/32
mark_open vfio11
run import "$TMP/c.json"
expect 0 "imported 2 definitions from '$TMP/c.json': 2 added, 0 changed, 0 removed" "vfio-profilectl: 0000:10:00.2: device is open (qemu-system-x86, pid 4242); defined, current profile stays 'native' until 'vfio-profilectl apply' after it is closed
vfio-profilectl: 0000:20:00.0: profile 'transitional' is not available on this device now (available: native); defined, current profile stays 'native'" "import with an open and an unavailable device: notices, exit 0"
rm -r "$R/proc/4242" "$(vfio_dir vfio11)/.open"

# Invalid input changes nothing.
cp -a "$D" "$TMP/before"
bad() {	# bad NAME CONTENT MESSAGE
	printf '%s' "$2" >"$TMP/$1.json"
	run import "$TMP/$1.json"
	expect 1 "" "vfio-profilectl: '$TMP/$1.json': $3; nothing changed" "import $1: refused, names the entry"
}
bad dup '{"version": 1, "definitions": [{"match": "pf-0000:10:00.0", "profile": "native"}, {"match": "pf-0000:10:00.0", "profile": "native"}]}' \
    "definitions[1] (match 'pf-0000:10:00.0'): duplicate (also definitions[0])"
bad noncanon '{"version": 1, "definitions": [{"match": "0000:10:00.4", "profile": "native"}, {"match": "pf-10:00.0", "profile": "native"}]}' \
    "definitions[1] (match 'pf-10:00.0'): not in canonical form (write 'pf-0000:10:00.0')"
diff -r "$TMP/before" "$D" >/dev/null; ok $? "...the definitions are unchanged"
run import "$TMP/missing.json"
expect 1 "" "vfio-profilectl: '$TMP/missing.json': No such file or directory; nothing changed" "import of a missing file"
run import "$TMP"
expect 1 "" "vfio-profilectl: '$TMP': not a regular file; nothing changed" "import of a directory"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$TMP/big.json"
run import "$TMP/big.json"
expect 1 "" "vfio-profilectl: '$TMP/big.json': too large (more than 1048576 bytes); nothing changed" "import of more than 1 MiB"
{ printf '{"version": 1, "definitions": ['; for i in $(seq 0 4096); do printf '%s{"match": "%04x:01:00.0", "profile": "native"}' "$([ "$i" = 0 ] || echo ,)" "$i"; done; printf ']}'; } >"$TMP/many.json"
run import "$TMP/many.json"
like "$ERR" "'$TMP/many.json': line 1, column [0-9]+: more than 4096 definitions; nothing changed" "import of more than 4096 definitions"
diff -r "$TMP/before" "$D" >/dev/null; ok $? "...the definitions are still unchanged"

# A crash: what a killed import leaves is not read and is removed by the next writer.
mkdir "$R/etc/.vfio-profile.d.import.Xy12Ab"
printf 'profile=native\n' >"$R/etc/.vfio-profile.d.import.Xy12Ab/pci-0000:10:00.1"
run list -J
is "$(jq -r '.devices[] | select(.device == "0000:10:00.1") | .rule' <<<"$OUT")" "pf-0000:10:00.0" "a leftover import directory is never read"
run define 0000:10:00.4 native; expect 0 "" "" "the next writer"
is "$(ls -A "$R/etc" | tr '\n' ' ')" "vfio-profile.d " "...removed the leftover"

# What import will not replace.
mkdir "$D/sub"
run import "$TMP/b.json"
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d/'sub' is a directory: move it away before an import; nothing changed" "a subdirectory: refused"
rmdir "$D/sub"
mv "$D" "$R/etc/real.d"; ln -s real.d "$D"
run import "$TMP/b.json"
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d: not a directory (import replaces the directory itself, so it cannot be a symbolic link); nothing changed" "a symlinked directory: refused"
rm "$D"; mv "$R/etc/real.d" "$D"
ok $([ -z "$(ls -A "$R/etc" | grep import)" ]; echo $?) "...no temporary directory left"

# Without /etc/vfio-profile.d: created.
rm -rf "$D"
run import "$TMP/c.json"
expect 0 "imported 2 definitions from '$TMP/c.json': 2 added, 0 changed, 0 removed" "vfio-profilectl: 0000:20:00.0: profile 'transitional' is not available on this device now (available: native); defined, current profile stays 'native'" "import without a definitions directory"
is "$(ls "$D" | tr '\n' ' ')" "pci-0000:20:00.0 pf-0000:10:00.0 " "...creates it"

# Read-only /etc as an unprivileged user: nothing changes.
if [ "$(id -u)" = 0 ]; then
	chmod -R a+rX "$R"
	ERR=$(as_nobody --root "$R" import "$TMP/b.json" 2>&1 >/dev/null); RC=$?
	is "$RC" 1 "import as an unprivileged user: exit 1"
	like "$ERR" "permission denied \(root is needed\)" "...says why"
	is "$(ls "$D" | tr '\n' ' ')" "pci-0000:20:00.0 pf-0000:10:00.0 " "...nothing changed"
else
	skip "not root: cannot drop privileges"; skip "(same)"; skip "(same)"
fi
run import a b; expect 2 "" "vfio-profilectl: import: expected FILE (- for standard input) (see 'vfio-profilectl --help')" "import takes one FILE"
run export x; expect 2 "" "vfio-profilectl: export: expected no arguments (see 'vfio-profilectl --help')" "export takes no arguments"

# export refuses to print a partial set.
printf 'garbage\n' >"$D/id-1af4:1041"
run export
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d/id-1af4:1041:1: malformed line 'garbage' (expected key=value)
vfio-profilectl: nothing exported: fix or remove the definitions above" "export with a corrupt definition: nothing printed"
done_testing
