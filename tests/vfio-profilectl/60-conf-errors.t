#!/bin/bash
# Corrupt definition files: every parser error names file and line, and
# the file stays as it was. Exercised through apply (what udev runs),
# show and list.
. "$(dirname "$0")/lib.sh"
std_tree
F=$(def_file 0000:01:00.0)
L=/etc/vfio-profile.d/pci-0000:01:00.0
RULE="(1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)"

c() {	# c CONTENT(printf) EXPECTED-MESSAGE DESCRIPTION
	printf "$1" >"$F"
	local sum; sum=$(md5sum <"$F")
	run apply 01:00.0
	expect 1 "" "vfio-profilectl: $2" "$3"
	is "$(md5sum <"$F")" "$sum" "$3: file left intact"
}
c 'profile=native\nfoo=bar\n' "$L:2: unknown key 'foo'" "unknown key"
c 'profile=native\nprofile=transitional\n' "$L:2: duplicate key 'profile' (first on line 1)" "duplicate key"
c '# nothing\n\n' "$L: missing key 'profile'" "missing profile"
c '' "$L: missing key 'profile'" "empty file"
c "profile=native\n#$(printf 'x%.0s' {1..300})\n" "$L:2: line too long (more than 255 bytes)" "overlong line"
c 'profile=nat\0ive\n' "$L:1: NUL byte" "NUL byte"
c 'hello\n' "$L:1: malformed line 'hello' (expected key=value)" "malformed line"
c 'profile = native\n' "$L:1: whitespace around '='" "whitespace around ="
c 'profile=native \n' "$L:1: trailing whitespace" "trailing whitespace"
c '  profile=native\n' "$L:1: leading whitespace" "leading whitespace"
c 'profile=native\r\n' "$L:1: carriage return (DOS line ending?)" "CRLF"
c 'profile=Native\n' "$L:1: invalid profile name 'Native' $RULE" "upper-case profile name"
c 'profile=\n' "$L:1: invalid profile name '' $RULE" "empty profile name"
c 'profile=-x\n' "$L:1: invalid profile name '-x' $RULE" "name starting with -"
c "profile=$(printf 'a%.0s' {1..32})\n" "$L:1: invalid profile name '$(printf 'a%.0s' {1..32})' $RULE" "32-character name"
c 'profile=\033[31mred\n' "$L:1: invalid profile name '\\x1b[31mred' $RULE" "escape sequence in a name is quoted"
c '=native\n' "$L:1: missing key before '='" "missing key"
c 'PROFILE=native\n' "$L:1: invalid key 'PROFILE'" "invalid key"
head -c 5000 /dev/zero | tr '\0' '#' >"$F"
run apply 01:00.0; expect 1 "" "vfio-profilectl: $L: file too large (more than 4096 bytes)" "file too large"

# Valid variants.
printf '# written by hand\n\nprofile=transitional' >"$F"
run apply 01:00.0; expect 0 "" "" "comments, empty lines, no final newline: fine"
is "$(current_of vfio0)" transitional "...and applied"

# Not a regular file / unreadable.
rm -f "$F"; mkdir "$F"
run apply 01:00.0; expect 1 "" "vfio-profilectl: $L: not a regular file (directory); ignored" "a directory where the file should be"
rmdir "$F"; mkfifo "$F"
run apply 01:00.0; expect 1 "" "vfio-profilectl: $L: not a regular file (FIFO); ignored" "a FIFO does not hang the tool"
rm -f "$F"

# show and list carry on with the other devices, exit 1.
printf 'profile=native\nfoo=bar\n' >"$F"
run show 01:00.0
ok $(( RC != 1 )) "show with a corrupt definition exits 1"
is "$ERR" "vfio-profilectl: $L:2: unknown key 'foo'" "show names file and line"
like "$OUT" "DEFINED +-" "show still prints the device"
run list -J
ok $(( RC != 1 )) "list with a corrupt definition exits 1"
is "$(printf '%s' "$OUT" | jq -r '.devices | length')" 5 "list still lists every device"
# File names in the directory that are not ours.
printf 'profile=native\n' >"$R/etc/vfio-profile.d/pci-01:00.0"
printf 'profile=native\n' >"$R/etc/vfio-profile.d/README"
printf 'profile=native\n' >"$R/etc/vfio-profile.d/.pci-0000:01:00.1.Ab12Cd"
rm -f "$F"
run list -n
ok $RC "list exits 0 with foreign files present"
is "$ERR" "vfio-profilectl: /etc/vfio-profile.d: ignoring 'pci-01:00.0': not pci-<address>, pf-<address> or id-<vendor>:<device> in canonical form" "a non-canonical pci- file is named and ignored"

# A definition that is a symbolic link is never followed (issue 13): the
# target (here a stand-in for /etc/shadow) is not read, so its first line
# cannot end up in a parse error of list or of apply (which udev runs).
rm -f "$R/etc/vfio-profile.d/pci-01:00.0" "$R/etc/vfio-profile.d/README"
printf 'root:$y$j9T$SECRETHASH:19000:0:99999:7:::\n' >"$R/etc/shadow"
S=$R/etc/vfio-profile.d/pci-0000:10:05.0
ln -s ../shadow "$S"
run apply 10:05.0
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d/pci-0000:10:05.0: not a regular file (symbolic link); ignored" "a symlinked definition is refused by apply, naming the cause"
run list -n
ok $(( RC != 1 )) "list with a symlinked definition exits 1"
is "$ERR" "vfio-profilectl: /etc/vfio-profile.d/pci-0000:10:05.0: not a regular file (symbolic link); ignored" "...one line, nothing of the target echoed"
run show 10:05.0
ok $([[ $ERR != *SECRET* && $OUT != *SECRET* ]]; echo $?) "show never echoes the target of a symlinked definition"
rm -f "$S"; ln -s "$(basename "$F")" "$S"; printf 'profile=native\n' >"$F"
run apply 10:05.0
expect 1 "" "vfio-profilectl: /etc/vfio-profile.d/pci-0000:10:05.0: not a regular file (symbolic link); ignored" "even a symlink to a valid definition is refused"
rm -f "$S" "$F"
done_testing
