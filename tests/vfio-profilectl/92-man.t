#!/bin/bash
# The man page renders without warnings and documents what the tool has:
# every command and option of --help, every JSON key, the exit codes.
. "$(dirname "$0")/lib.sh"
MAN=$TOOLDIR/vfio-profilectl.8
w=$(groff -man -ww -z "$MAN" 2>&1); is "$w" "" "groff -man -ww: no warnings"
txt=$(groff -man -Tutf8 -rLL=200n "$MAN" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g')
ok $([ -n "$txt" ]; echo $?) "man page renders"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "DEFINITION FILES" "JSON OUTPUT" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
	grep -q "^$s" <<<"$txt"; ok $? "section $s"
done
run_raw --help
for word in $(grep -oE '^ [a-z]+' <<<"$OUT") $(grep -oE -- '--[a-z]+' <<<"$OUT" | sort -u); do
	grep -qF -- "$word" <<<"$txt"; ok $? "documents $word"
done
std_tree
run list -J
for k in $(printf '%s' "$OUT" | jq -r '.devices[0] | keys_unsorted[]'); do
	grep -qE "(^ +|, )$k \\(" <<<"$txt"; ok $? "documents JSON key $k"
done
for c in 0 1 2 3 4 5; do grep -qE "^ +$c +[a-z]" <<<"$txt"; ok $? "documents exit status $c"; done
grep -qF 'vfio-profilectl define 0000:01:00.2 transitional' <<<"$txt"; ok $? "example: define then bind"
grep -qF '/etc/vfio-profile.d/pci-' <<<"$txt"; ok $? "documents the definition files"
grep -qF 'VFIO_PROFILECTL_ROOT' <<<"$txt"; ok $? "documents VFIO_PROFILECTL_ROOT"
grep -qF '[a-z0-9][a-z0-9_-]{0,30}' <<<"$txt"; ok $? "documents the profile name rule exactly"
done_testing
