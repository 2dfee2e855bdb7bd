#!/bin/bash
# Command line: help, version, usage errors (exit 2), root selection.
. "$(dirname "$0")/lib.sh"
std_tree

run_raw --help
ok $(( RC != 0 )) "--help exits 0"
like "$OUT" "^Usage:" "--help prints usage on stdout"
for v in list show set define undefine apply sync --json --noheadings --persist --all --root --version; do
	[[ $OUT == *"$v"* ]]; ok $? "--help mentions $v"
done
run_raw -h; ok $(( RC != 0 )) "-h exits 0"
run_raw -V; expect 0 "vfio-profilectl 0.1.0" "" "-V prints the version"
run_raw --version; expect 0 "vfio-profilectl 0.1.0" "" "--version prints the version"

U="(see 'vfio-profilectl --help')"
run; expect 2 "" "vfio-profilectl: no command given $U" "no command: usage error"
run frobnicate; expect 2 "" "vfio-profilectl: unknown command 'frobnicate' $U" "unknown command"
run --bogus list; expect 2 "" "vfio-profilectl: unknown option '--bogus' $U" "unknown long option"
run -x list; expect 2 "" "vfio-profilectl: unknown option '-x' $U" "unknown short option"
run_raw list --root; expect 2 "" "vfio-profilectl: option '--root' needs an argument $U" "--root without DIR"
run show; expect 2 "" "vfio-profilectl: show: expected DEV $U" "show without DEV"
run show 01:00.0 01:00.1; expect 2 "" "vfio-profilectl: show: expected DEV $U" "show with two DEVs"
run set 01:00.0; expect 2 "" "vfio-profilectl: set: expected DEV PROFILE $U" "set without PROFILE"
run define 01:00.0 native extra; expect 2 "" "vfio-profilectl: define: expected DEV PROFILE $U" "define with extra argument"
run undefine; expect 2 "" "vfio-profilectl: undefine: expected DEV $U" "undefine without DEV"
run apply; expect 2 "" "vfio-profilectl: apply: expected DEV or --all $U" "apply without DEV"
run apply --all 01:00.0; expect 2 "" "vfio-profilectl: apply: expected DEV or --all $U" "apply with DEV and --all"
run list extra; expect 2 "" "vfio-profilectl: list: expected no arguments $U" "list with argument"
run sync extra; expect 2 "" "vfio-profilectl: sync: expected no arguments $U" "sync with argument"
run -J set 01:00.0 native; expect 2 "" "vfio-profilectl: --json only goes with list, show, check and export, not 'set' $U" "--json with a write verb"
run --persist define 01:00.0 native; expect 2 "" "vfio-profilectl: --persist only goes with set, not 'define' $U" "--persist with define"
run --all list; expect 2 "" "vfio-profilectl: --all only goes with apply, not 'list' $U" "--all with list"
run set 01:00.0 Native; expect 2 "" "vfio-profilectl: 0000:01:00.0: invalid profile name 'Native' (1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)" "invalid profile name is a usage error"
run define 01:00.0 "$(printf 'a\033[2Jb')"; expect 2 "" "vfio-profilectl: 0000:01:00.0: invalid profile name 'a\\x1b[2Jb' (1 to 31 characters from a-z 0-9 _ -, starting with a letter or digit)" "control characters are escaped in messages"
is "$(stores)" "" "no usage error wrote anything"

# Root: --root beats the environment; the environment works alone.
run_raw --root "$R" show 01:00.0; like "$OUT" "DEVICE +0000:01:00.0" "--root selects the fake tree"
VFIO_PROFILECTL_ROOT=$R run_raw show 01:00.1
like "$OUT" "DEVICE +0000:01:00.1" "VFIO_PROFILECTL_ROOT selects the fake tree"
VFIO_PROFILECTL_ROOT=/nonexistent run_raw --root "$R" show 01:00.1
ok $RC "--root wins over VFIO_PROFILECTL_ROOT"
run_raw --root "$TMP/nope" list; expect 1 "" "vfio-profilectl: root directory '$TMP/nope': No such file or directory" "missing root directory"
run list -- ; ok $RC "'--' ends the options"

# An empty root is a usage error, never the real / (issue 13).
E="(give a directory, / for the real root) $U"
run_raw --root '' define 01:00.0 native; expect 2 "" "vfio-profilectl: --root is empty $E" "--root '' is a usage error"
run_raw --root= undefine 01:00.0; expect 2 "" "vfio-profilectl: --root is empty $E" "--root= is a usage error"
VFIO_PROFILECTL_ROOT= run_raw sync
expect 2 "" "vfio-profilectl: VFIO_PROFILECTL_ROOT is empty $E" "empty VFIO_PROFILECTL_ROOT is a usage error"
VFIO_PROFILECTL_ROOT= run_raw --root "$R" show 01:00.0; ok $RC "--root given: an empty VFIO_PROFILECTL_ROOT does not matter"
# An over-long root: usage error naming the cause, before anything is read.
long=$TMP/long; for _ in $(seq 11); do long=$long/$(printf 'd%.0s' {1..200}); done
mkdir -p "$long"
run_raw --root "$long" list
ok $(( RC != 2 )) "root longer than 2047 bytes: usage error (2)"
like "$ERR" "^vfio-profilectl: --root '.*\.\.\.': File name too long \(at most 2047 bytes after resolving\) " "...naming the root and the cause"
run_raw --root "$(printf 'x%.0s' {1..5000})" list
like "$RC $ERR" "^2 vfio-profilectl: --root 'xxx.*': File name too long " "root longer than PATH_MAX: usage error naming the cause"
VFIO_PROFILECTL_LOCK_TIMEOUT=soon run define 01:00.0 native
expect 2 "" "vfio-profilectl: VFIO_PROFILECTL_LOCK_TIMEOUT takes whole seconds from 0 to 600, not 'soon' $U" "bad VFIO_PROFILECTL_LOCK_TIMEOUT: usage error"
done_testing
