#!/bin/bash
# import against a corpus of bad JSON (bad-json/NAME.json): each is
# refused with exit 1, the exact error of bad-json/NAME.err, and nothing
# changes.
. "$(dirname "$0")/lib.sh"
sel_tree
add_sel pf-0000:10:00.0 transitional
add_def 0000:10:00.2 native
run sync; expect 0 "" "" "sync"
snap() { (cd "$R" && find etc sys/kernel/config -printf '%p %s %T@\n' | sort; cat etc/vfio-profile.d/*); }
before=$(snap)
: >"$FAKEKERNEL_LOG"
# Each file is imported from a short path: the tool shortens a long file
# name in its message, and the checkout's path must not change the result.
for f in "$T_DIR"/bad-json/*.json; do
	name=$(basename "$f" .json)
	cp "$f" "$TMP/in.json"
	run import "$TMP/in.json"
	expect 1 "" "vfio-profilectl: '$TMP/in.json': $(cat "${f%.json}.err"); nothing changed" "bad JSON $name"
done
is "$(snap)" "$before" "no bad input changed a definition or a configfs item"
is "$(stores)" "" "...or wrote to the kernel"
is "$(ls -A "$R/etc" | tr '\n' ' ')" "vfio-profile.d " "...or left a directory in /etc"
done_testing
